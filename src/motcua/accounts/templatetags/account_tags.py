import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(duration: timedelta | None) -> int:
    """A waiting time in minutes, rounded up so that the user never comes back too early."""
    if duration is None:
        return 0
    return math.ceil(duration.total_seconds() / 60)
