"""Dates typed dd/mm/yyyy (Django's English formats would read 11/05/2026 as 5 November; Vietnamese has none and
fell back to the same month-first list)."""

from motcua.core.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]
