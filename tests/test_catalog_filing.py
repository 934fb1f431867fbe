"""A method that cannot be filed (no structured time, or no method at all) is never offered, and the control
dashboard lists it with the reason (catalog.filing; issue 14 item 1)."""

import pytest
from django.urls import reverse

from motcua.catalog import control
from motcua.catalog.control import Problem
from motcua.catalog.filing import fileable_methods, is_fileable, unfileable_reasons
from motcua.catalog.models import Procedure, ProcedureMethod, ProcedureVersion
from motcua.catalog.public_cache import catalog_changed
from motcua.orgs.models import Agency
from motcua.portal import drafts

pytestmark = pytest.mark.django_db
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"


def _clear_time(code: str, *channels: str) -> None:
    """As a catalog typed in elsewhere may be: methods with only the published text."""
    ProcedureMethod.objects.filter(version__procedure__code=code, channel__in=channels).update(
        time_unit="", time_amount=None, cutoff=None
    )
    catalog_changed()  # written past the models' signals, as the import does: the public pages' cached parts renewed


def _version(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.prefetch_related("methods").get(procedure__code=code, number=1)


def test_is_fileable_and_the_queryset_filter_agree(demo):
    _clear_time("1.000894", "online")
    methods = list(ProcedureMethod.objects.filter(version__procedure__code="1.000894"))
    assert {m.channel: is_fileable(m) for m in methods} == {"online": False, "direct": True, "postal": True}
    assert set(fileable_methods(ProcedureMethod.objects.filter(version__procedure__code="1.000894"))) == {
        m for m in methods if is_fileable(m)
    }


def test_reasons_name_the_channel_and_the_published_text(demo):
    _clear_time("1.000894", "online")
    assert unfileable_reasons(_version("1.000894")) == [
        "Cách thức «Trực tuyến» chưa có thời hạn giải quyết có cấu trúc (như công bố: «1»)."
    ]
    assert unfileable_reasons(_version("1.000894"), ["direct"]) == []
    assert unfileable_reasons(_version("1.001776")) == [
        "Phiên bản chưa có cách thức thực hiện nào, nên không nhận được hồ sơ."
    ]


def test_control_dashboard_lists_each_unfileable_procedure_with_the_reason(demo):
    _clear_time("1.000894", "online")
    items = control.control_items(Agency.objects.filter(name=CENTRE))
    unfileable = {(i.version.procedure.code, i.detail) for i in items if i.problem == Problem.NOT_FILEABLE}
    assert unfileable == {
        ("1.000894", "Cách thức «Trực tuyến» chưa có thời hạn giải quyết có cấu trúc (như công bố: «1»)."),
        ("1.001776", "Phiên bản chưa có cách thức thực hiện nào, nên không nhận được hồ sơ."),
    }


def test_control_page_links_the_version_to_fix(login_as):
    _clear_time("1.000894", "online")
    page = login_as("quantri.hethong").get(reverse("desk:catalog_control"), {"van_de": "not_fileable"}).text
    assert "Không nộp được hồ sơ" in page and "1.000894" in page
    assert reverse("desk:catalog_version", args=[_version("1.000894").pk]) in page


def test_the_portal_does_not_offer_an_unfileable_online_method(login_as):
    marriage = Procedure.objects.get(code="1.000894")
    assert drafts.online_offer(marriage) is not None
    detail = reverse("portal:catalog-detail", args=["1.000894"])
    start = reverse("portal:submission-start", args=["1.000894"])
    client = login_as("congdan")
    assert start in client.get(detail).text

    _clear_time("1.000894", "online")
    assert drafts.online_offer(marriage) is None
    assert start not in client.get(detail).text
    response = client.get(start)
    assert response.status_code == 404
    assert "chưa có thời hạn" not in response.text  # never the administrator's message


def test_the_desk_does_not_offer_an_unfileable_procedure(login_as):
    client = login_as("tiepnhan.hongvan")
    choose = reverse("desk:dossier_intake")

    def listed(code: str) -> bool:
        return f'<span class="code">{code}</span>' in client.get(choose, {"q": code}).text

    assert listed("1.000894")
    _clear_time("1.000894", "direct", "postal")
    assert not listed("1.000894")
    # 1.001776 (no methods on its 2021 page) is offered by the demo centre but never listed for intake.
    assert not listed("1.001776")
    response = client.get(choose, {"thu-tuc": Procedure.objects.get(code="1.000894").pk})
    assert response.status_code == 404
