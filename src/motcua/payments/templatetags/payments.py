"""`{{ amount|vnd }}` → `1.250.000 đồng`, as the official forms write money."""

from django import template

from motcua.documents.dossier_forms.formats import vnd as format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)
