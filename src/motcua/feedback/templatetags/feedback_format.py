"""Showing the survey indices: a fraction as a percentage with one decimal, in the reader's number format."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{number_format(value * 100, 1)} %"


@register.filter
def plus_minus_points(value: float | None) -> str:
    """A margin of error in percentage points: "± 9,8"."""
    return "—" if value is None else f"± {number_format(value * 100, 1)}"
