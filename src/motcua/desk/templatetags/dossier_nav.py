"""Whether the staff navigation offers intake at the desk: only to receiving officers."""

from django import template

from motcua.accounts.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def takes_in_dossiers(context) -> bool:
    user = context["request"].user
    return user.is_authenticated and user.roles.filter(role=Role.RECEIVING_OFFICER).exists()
