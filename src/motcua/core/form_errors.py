"""Showing a rule that a service enforced (a ValidationError) on the form the user filled in."""

from django.core.exceptions import ValidationError


def show_service_error(form, error: ValidationError) -> None:
    """Field errors go next to their field when the form has it; the rest go at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
