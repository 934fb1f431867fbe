"""The site's form renderer writes every <input> exactly as Django's templates do (motcua.core.form_renderer)."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from motcua.core.form_renderer import InputInPythonRenderer
from motcua.core.widgets import DateInput, DateTimeInput, MultipleFileInput

TRICKY = """<b>"Nguyễn" & 'Văn'</b>"""
WIDGETS = [
    (forms.TextInput(), TRICKY),
    (forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Ví dụ: dang ky khai sinh")}), "khai sinh"),
    (forms.TextInput(attrs={"required": True, "disabled": False, "data-x": None, "maxlength": 40}), None),
    (forms.TextInput(), mark_safe("<i>an toàn</i>")),
    (forms.TextInput(), ""),
    (forms.TextInput(attrs={"title": TRICKY, TRICKY: "x"}), ("a", 1)),
    (forms.NumberInput(attrs={"min": 1, "max": 32767}), 3),
    (forms.EmailInput(), "a@b.vn"),
    (forms.URLInput(), "https://x.vn/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "bí mật"),
    (forms.PasswordInput(), "bí mật"),
    (forms.HiddenInput(), 42),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.FileInput(), None),
    (forms.DateInput(), datetime.date(2026, 12, 7)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (DateInput(), datetime.date(2026, 12, 7)),
    (DateTimeInput(), datetime.datetime(2026, 12, 7, 14, 30)),
    (DateInput(), "31/02/2026"),
    # Not inputs: rendered by Django's templates either way.
    (forms.Select(choices=[("1", TRICKY), ("2", "b")]), "1"),
    (forms.Textarea(), TRICKY),
    (forms.RadioSelect(choices=[("1", "a"), ("2", "b")]), "2"),
    (forms.CheckboxSelectMultiple(choices=[("1", "a"), ("2", "b")]), ["1"]),
    (MultipleFileInput(), None),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
def test_each_widget_is_written_as_djangos_templates_write_it(widget, value):
    attrs = {"id": "id_truong", "aria-describedby": "goi-y"}
    ours = widget.render("truong", value, attrs, renderer=InputInPythonRenderer())
    django = widget.render("truong", value, attrs, renderer=DjangoTemplates())
    assert ours == django


def test_the_site_uses_it(settings):
    assert settings.FORM_RENDERER == "motcua.core.form_renderer.InputInPythonRenderer"
    assert type(forms.Form().renderer) is InputInPythonRenderer
    assert forms.TextInput().render("q", "<x>") == '<input type="text" name="q" value="&lt;x&gt;">'
