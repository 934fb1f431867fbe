"""`{{ value|masked:full }}`: the value itself when `full` is true, else masked (motcua.core.masking)."""

from django import template

from motcua.core.masking import mask

register = template.Library()


@register.filter
def masked(value, full=False):
    return value if full else mask(value)
