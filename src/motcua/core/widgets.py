"""Date and date-time inputs of a Vietnamese site: what a user types or reads is dd/mm/yyyy (and hh:mm), whatever
the browser's language. A browser's own date picker (<input type="date">) shows mm/dd/yyyy when set to English,
so these are text inputs with a placeholder, a numeric keyboard on phones and a pattern; the fields parse
`%d/%m/%Y` (also `ddmmyyyy` typed on a numeric keypad without "/", and ISO `yyyy-mm-dd` for the links the pages
build themselves). A month/day order such as 11/25/2026 is refused with a Vietnamese message.

Also the one multiple-file field that every upload form shares, and a <select> that renders long option lists fast.
"""

from collections.abc import Iterable

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from motcua.core.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_PATTERN = r"\d{1,2}[\/.\-]?\d{1,2}[\/.\-]?\d{4}|\d{4}-\d{1,2}-\d{1,2}"
DATETIME_PATTERN = r"\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2})([ T]+\d{1,2}[:h]\d{2}(:\d{2})?)?\s*"
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/11/2026.")}
DATETIME_ERRORS = {
    "invalid": _("Thời điểm không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 25/11/2026 14:30.")
}


class DateInput(forms.DateInput):
    """dd/mm/yyyy in a text box (placeholder, numeric keyboard, pattern)."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "pattern": DATE_PATTERN,
            "autocomplete": "off",
            "maxlength": "10",
            "size": "10",
            "title": _("Ngày theo dạng ngày/tháng/năm, ví dụ 25/11/2026"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    """dd/mm/yyyy hh:mm in one text box, so one label names it."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy hh:mm"),
            "pattern": DATETIME_PATTERN,
            "autocomplete": "off",
            "maxlength": "19",
            "size": "16",
            "title": _("Thời điểm theo dạng ngày/tháng/năm giờ:phút, ví dụ 25/11/2026 14:30"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATETIME_FORMAT)


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy; refused with a Vietnamese message otherwise."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", DATE_ERRORS)
        super().__init__(**kwargs)


class DateTimeField(forms.DateTimeField):
    """An instant typed dd/mm/yyyy hh:mm, in the site's time zone."""

    widget = DateTimeInput
    input_formats = DATETIME_INPUT_FORMATS

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", DATETIME_ERRORS)
        super().__init__(**kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (tải nhiều tệp): cleans each one and returns them as a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def option_tags(choices: Iterable[tuple[object, object]]) -> str:
    """The <option> tags of a flat choice list, nothing selected: written once and kept (QuickSelect)."""
    return "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices)


class QuickSelect(forms.Select):
    """A <select> whose options are written once. Django renders every <option> through a template of its own: for
    the few hundred agencies and fields of a province's catalog filters that was most of the public search page's
    time. Give `options_html` (option_tags of the same choices, e.g. from a cache); the chosen value is marked
    selected in it per request. Without it the options are written from the choices here, still without templates."""

    options_html: str | None = None

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options_html if self.options_html is not None else option_tags(self.choices)
        for chosen in self.format_value(value):
            tag = f'<option value="{escape(chosen)}">'
            options = options.replace(tag, f"{tag[:-1]} selected>", 1)
        attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')
