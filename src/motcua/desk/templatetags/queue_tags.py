"""Template helpers of the work-queue lists."""

from django import template

register = template.Library()


@register.filter
def get_step_due(step_dues: dict, pk: str):
    """The StepDue of the dossier with this id in a desk.step_due.step_dues mapping, or None."""
    return step_dues.get(str(pk)) if step_dues else None
