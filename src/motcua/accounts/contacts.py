"""E-mail addresses and Vietnamese mobile numbers as people type them (địa chỉ liên hệ); the rules are in
motcua.core.validators, shared with the dossier forms and the API."""

from motcua.core.validators import validate_email_address, validate_mobile

__all__ = ["parse_contact", "validate_mobile"]


def parse_contact(value: str) -> tuple[str, str]:
    """("email", address) or ("sms", phone) for what was typed in one box, or a Vietnamese error."""
    value = (value or "").strip()
    if "@" in value:
        return "email", validate_email_address(value)
    return "sms", validate_mobile(value)
