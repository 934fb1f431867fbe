"""The staff navigation decides for itself which links a user gets, so no view has to pass flags for it."""

from django import template

from motcua.accounts.scope import can_view_audit_log

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_log_allowed(context) -> bool:
    return can_view_audit_log(context["request"].user)
