"""Dates typed and shown dd/mm/yyyy in every form, whatever the browser's language (issue 14, item 11).

A browser's own date picker shows mm/dd/yyyy when set to English, and Django's English (and default) input formats
read 11/05/2026 as 5 November; every date field of the site is now a dd/mm/yyyy text box (motcua.core.widgets).
"""

import datetime
import importlib
import pkgutil
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import motcua
from motcua.core.widgets import DateField, DateTimeField

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_MESSAGE = "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/11/2026."


def _site_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in a `*forms*` module of the project."""
    for module in pkgutil.walk_packages(motcua.__path__, "motcua."):
        if "forms" in module.name.rsplit(".", 1)[-1] and ".formats" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("motcua."):
                found.add(sub)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _date_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{form.__module__}.{form.__qualname__}.{name}", field)
        for form in _site_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField))
    ]


DATE_FIELDS = _date_fields()


def test_the_site_has_date_fields_to_check():
    names = [name for name, _field in DATE_FIELDS]
    # One of each app's date forms at least: desk, dossiers, catalog, calendar, reports, reform, surveys, profile.
    for expected in (
        "motcua.desk.forms.AuditFilterForm.date_from",
        "motcua.desk.dossier_forms.QueueFilterForm.received_from",
        "motcua.desk.dossier_forms.ExtensionForm.new_due_at",
        "motcua.workcal.forms.OverrideForm.date",
        "motcua.accounts.profile_forms.",
        "motcua.catalog.forms.",
        "motcua.reform.forms.",
        "motcua.feedback.forms.",
        "motcua.desk.report_forms.",
        "motcua.desk.dashboard_forms.",
    ):
        assert any(name.startswith(expected) for name in names), expected


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[name for name, _field in DATE_FIELDS])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_date_field_takes_dd_mm_yyyy_and_refuses_month_first(name, field, language):
    assert not isinstance(field, forms.SplitDateTimeField), f"{name}: two boxes, one label"
    html = field.widget.render("x", None)
    assert 'type="text"' in html, name
    assert "dd/mm/yyyy" in html, name
    with translation.override(language):
        if isinstance(field, forms.DateTimeField):
            value = field.clean("25/11/2026 14:30")
            assert value == datetime.datetime(2026, 11, 25, 14, 30, tzinfo=VN)
            # 11/05 is the 11th of May, never the 5th of November.
            assert field.clean("11/05/2026 08:00").date() == datetime.date(2026, 5, 11)
            bad = "11/25/2026 14:30"
        else:
            assert field.clean("25/11/2026") == datetime.date(2026, 11, 25)
            assert field.clean("11/05/2026") == datetime.date(2026, 5, 11)
            bad = "11/25/2026"
        with pytest.raises(ValidationError) as refused:
            field.clean(bad)
    assert "không hợp lệ" in " ".join(str(m) for m in refused.value.messages), name  # said in Vietnamese


def test_the_date_widget_shows_a_stored_date_dd_mm_yyyy():
    field = DateField(label="Ngày")
    html = field.widget.render("ngay", datetime.date(2026, 3, 5))
    assert 'value="05/03/2026"' in html
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert re.search(r'pattern="[^"]+"', html)
    moment = DateTimeField(label="Hạn").widget.render("han", datetime.datetime(2026, 3, 5, 14, 30, tzinfo=VN))
    assert 'value="05/03/2026 14:30"' in moment and 'placeholder="dd/mm/yyyy hh:mm"' in moment


def test_a_date_typed_on_a_numeric_keypad_and_an_iso_link_are_read_too():
    field = DateField(label="Ngày")
    assert field.clean("25112026") == datetime.date(2026, 11, 25)
    assert field.clean("2026-11-25") == datetime.date(2026, 11, 25)  # the links the dashboards build


def test_the_audit_page_keeps_a_typed_date_and_refuses_month_first_beside_the_field(login_as):
    client = login_as("quantri.hethong")
    page = client.get(reverse("desk:audit"), {"date_from": "25/11/2026"}).text
    assert re.search(r'<input type="text" name="date_from" value="25/11/2026"', page)
    refused = client.get(reverse("desk:audit"), {"date_from": "11/25/2026"}).text
    assert DATE_MESSAGE in refused
    assert 'value="11/25/2026"' in refused  # nothing typed is lost


def test_the_extension_form_is_one_labelled_box(login_as):
    from motcua.desk.dossier_forms import ExtensionForm

    field = ExtensionForm.base_fields["new_due_at"]
    html = field.widget.render("request_extension-new_due_at", None, attrs={"id": "id_new_due_at"})
    assert html.count("<input") == 1
