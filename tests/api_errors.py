"""Reading the `errors` of an API 422 (docs/api.md): `{"field": [messages]}` for a business rule, a list of
`{"loc": [...], "msg": ...}` for a malformed body or query."""


def messages_at(body: dict, field: str) -> list[str]:
    """The messages for one field, whichever of the two shapes the answer has (the last part of `loc`)."""
    errors = body["errors"]
    if isinstance(errors, dict):
        return list(errors.get(field, []))
    return [error["msg"] for error in errors if error["loc"][-1] == field]
