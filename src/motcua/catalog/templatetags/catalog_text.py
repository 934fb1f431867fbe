"""Filters for showing a version's documents as the portal means them: papers in the table, notes as notes."""

from django import template

register = template.Library()


@register.filter
def papers(documents) -> list:
    """The rows that are documents (not "Lưu ý" notes or headings; RequiredDocument.is_note)."""
    return [document for document in documents if not document.is_note]


@register.filter
def notes(documents) -> list:
    """The rows that are notes, shown as text under their group."""
    return [document for document in documents if document.is_note]
