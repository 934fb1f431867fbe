"""Locale formats of the site (settings.FORMAT_MODULE_PATH): dates are typed dd/mm/yyyy in every language.

The input formats are plain data here, so that settings.py (for code running with no language active), the
locale format modules and motcua.core.widgets share one list.
"""

# What a person types first; ISO last, for the query strings the site writes (dashboards, reports).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
