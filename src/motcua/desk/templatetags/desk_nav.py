"""The staff navigation decides for itself which links a user gets (motcua.desk.navigation), so no view has to
pass flags for it."""

from django import template

from motcua.desk import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context):
    """(home link, groups) for the request's user: only links whose view would let the user in."""
    return navigation.staff_navigation(context["request"])


@register.simple_tag(takes_context=True)
def may_follow(context, url_name: str) -> bool:
    """Whether to show a link to `url_name` on a page: the navigation's rule for that link (its view's own check)."""
    return navigation.may_follow(context["request"], url_name)
