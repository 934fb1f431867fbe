"""Whether the staff navigation shows the statistics pages (thống kê) to this user."""

from django import template

from motcua.reports.dashboard import can_view

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboards_allowed(context) -> bool:
    return can_view(context["request"].user)
