"""Importing the real commune catalog (national portal shape), idempotency, versioning and the round trip."""

import datetime
import json
from decimal import Decimal

import pytest

from motcua.accounts.models import User
from motcua.catalog.interchange.exporter import export_document
from motcua.catalog.interchange.importer import import_data, read_file, read_records
from motcua.catalog.interchange.schema import FORMAT_NAME, FORMAT_VERSION, normalise
from motcua.catalog.models import FeeItem, ProcedureVersion, TimeUnit
from motcua.core.models import AuditEntry
from motcua.demo.catalog_seed import CATALOG_FILE

pytestmark = pytest.mark.django_db

VALID_FROM = "2025-07-01"


@pytest.fixture(scope="module")
def portal_data():
    return read_file(CATALOG_FILE)


def import_portal(portal_data, **options):
    return import_data(portal_data, status="published", valid_from=VALID_FROM, source="procedures.json", **options)


def version(code: str, number: int = 1) -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=code, number=number)


def test_the_real_catalog_imports_as_published_versions(portal_data):
    report = import_portal(portal_data)

    assert report.written
    assert report.counts["created"] == 240 and report.counts["rejected"] == 0
    assert ProcedureVersion.objects.filter(status="published", valid_from=datetime.date(2025, 7, 1)).count() == 240
    birth = version("1.001193")
    assert birth.name == "Thủ tục đăng ký khai sinh"
    assert birth.field.name == "Hộ tịch"
    assert birth.levels == ["commune"]
    assert birth.publication.number == "163/QĐ-BTP"
    assert birth.search_text == "1.001193 thu tuc dang ky khai sinh"


def test_civil_status_bare_numbers_get_a_structured_time(portal_data):
    import_portal(portal_data)

    birth_methods = version("1.001193").methods.all()
    assert {m.channel for m in birth_methods} == {"direct", "online", "postal"}
    for method in birth_methods:
        assert method.time_unit == TimeUnit.SAME_DAY
        assert method.cutoff == datetime.time(15, 0)
        assert method.time_text == "1"
    # Marriage registration shows a bare "1" too: Hộ tịch's same-day rule (catalog.time_limits); text kept.
    marriage = version("1.000894").methods.first()
    assert (marriage.time_unit, marriage.time_amount, marriage.time_text) == (TimeUnit.SAME_DAY, None, "1")
    # A bare "3" of Hộ tịch is 3 working days (nhận cha, mẹ, con).
    parentage = version("1.001022").methods.first()
    assert (parentage.time_unit, parentage.time_amount) == (TimeUnit.WORKING_DAYS, Decimal("3"))
    # Certified copies publish no time ("Không có thông tin"): answered on the day (ND 118/2025 Art. 17.4, 18.2).
    assert set(version("2.000815").methods.values_list("time_unit", "time_text")) == {
        (TimeUnit.SAME_DAY, "Không có thông tin")
    }


def test_units_map_to_structured_time(portal_data):
    import_portal(portal_data)

    mediation = {m.channel: m for m in version("1.012812").methods.all()}
    assert mediation["postal"].time_unit == TimeUnit.CALENDAR_DAYS and mediation["postal"].time_amount == 30
    assert mediation["direct"].time_amount == 40
    guardianship = version("1.004837").methods.first()
    assert (guardianship.time_unit, guardianship.time_amount) == (TimeUnit.WORKING_DAYS, Decimal("3"))
    # "1 Giờ": the engine counts hours only as working hours; the published text is kept.
    stay_notice = version("2.001159").methods.first()
    assert (stay_notice.time_unit, stay_notice.time_amount, stay_notice.time_text) == (
        TimeUnit.WORKING_HOURS,
        Decimal("1"),
        "1 Giờ",
    )


def test_levels_online_level_and_legacy_level(portal_data):
    import_portal(portal_data)

    assert version("1.012812").levels == ["commune"]
    assert version("1.013234").levels == ["province", "commune"]
    assert version("2.000908").levels == ["central", "province", "commune", "other"]
    old_page = version("1.001776")  # 2021 page, "mức độ 4", district level no longer exists
    assert old_page.levels == ["commune"]
    assert (old_page.online_level, old_page.legacy_online_level) == ("full", 4)
    assert version("3.000228").online_level == "none"  # "mức độ 02" of an e-ID account is not a service level


def test_documents_keep_counts_groups_and_forms(portal_data):
    import_portal(portal_data)

    birth_docs = list(version("1.001193").documents.all())
    certificate = next(d for d in birth_docs if d.name.startswith("- Giấy chứng sinh"))
    assert (certificate.originals, certificate.copies, certificate.copies_text) == (1, 0, "1 bản chính")
    assert certificate.group == "Giấy tờ phải nộp" and certificate.required
    note = next(d for d in birth_docs if d.group == "Lưu ý")
    assert (note.originals, note.copies, note.required) == (0, 0, False)
    with_form = [d for d in ProcedureVersion.objects.get(procedure__code="1.001193").documents.all() if d.form_name]
    raw = next(p for p in json.loads(CATALOG_FILE.read_text()) if p["code"] == "1.001193")
    assert [d.form_name for d in with_form] == [d["form"] for d in raw["documents"] if d["form"]]


def test_fee_items_only_for_reliable_amounts_in_dong(portal_data):
    import_portal(portal_data)

    copy_fees = list(version("2.000815").fees.all())
    assert [(f.kind, f.amount_vnd, f.channel, f.condition) for f in copy_fees] == [("fee", 2000, "direct", "/trang")]
    assert version("2.000815").methods.filter(fee_text="10 USD (/bản)").exists()  # not đồng: text only
    # One item for every channel when they agree.
    contract = version("2.000913").fees.get()
    assert (contract.amount_vnd, contract.channel) == (30000, "")
    # The label says 700 VNĐ but the note says 700.000 đồng: not reliable, so no item.
    assert not version("2.001827").fees.exists()
    # Hộ tịch "Miễn phí" is only the portal's label (the People's Council sets the charge): not marked exempt.
    assert not version("1.001193").fees.exists() and not version("1.001193").fee_exempt
    assert FeeItem.objects.filter(version__procedure__code="1.014063", kind="charge").exists()


def test_reimport_is_unchanged_and_audited_once(portal_data):
    admin = User.objects.create_user("quantri", password="x", account_type=User.AccountType.STAFF)
    first = import_portal(portal_data, actor=admin)
    second = import_portal(portal_data, actor=admin)

    assert first.counts["created"] == 240
    assert second.counts["unchanged"] == 240 and second.counts["created"] == second.counts["updated"] == 0
    assert ProcedureVersion.objects.count() == 240
    entries = AuditEntry.objects.filter(object_type="catalog.ProcedureVersion")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == admin
    assert entry.changes["tạo mới"] == 240 and entry.changes["tệp"] == "procedures.json"
    assert "240 tạo mới" in entry.object_label


def test_round_trip_export_equals_the_normalised_input(portal_data):
    import_portal(portal_data)
    exported = export_document()

    expected = sorted(
        (normalise(r) for r in read_records(portal_data, status="published", valid_from=VALID_FROM)),
        key=lambda r: r["code"],
    )
    assert exported["format"] == FORMAT_NAME and exported["format_version"] == FORMAT_VERSION
    assert [{**r, "version": None} for r in exported["procedures"]] == expected

    again = import_data(json.loads(json.dumps(exported)))
    assert again.counts["unchanged"] == 240
    assert export_document() == exported


def _changed_birth(exported: dict, **changes) -> dict:
    record = next(r for r in exported["procedures"] if r["code"] == "1.001193")
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "procedures": [{**record, **changes}]}


def test_changed_published_version_becomes_a_new_version(portal_data):
    import_portal(portal_data)
    first_export = export_document()
    changed = _changed_birth(first_export, valid_from="2026-01-01", applicants="Công dân Việt Nam")

    report = import_data(changed)

    outcome = report.outcomes[0]
    assert (outcome.status, outcome.version) == ("updated", 2)
    old, new = version("1.001193", 1), version("1.001193", 2)
    assert old.applicants == "Công dân Việt Nam, Người Việt Nam định cư ở nước ngoài"
    assert old.valid_until == datetime.date(2025, 12, 31)
    assert (new.status, new.valid_from, new.valid_until) == ("published", datetime.date(2026, 1, 1), None)
    assert new.applicants == "Công dân Việt Nam" and new.methods.count() == 3 and new.publication.number
    assert old.methods.count() == 3
    # The same file again, and the old export of version 1, are both already in the catalog.
    assert import_data(changed).counts["unchanged"] == 1
    assert import_data(first_export).counts["unchanged"] == 240
    assert ProcedureVersion.objects.count() == 241


def test_overlapping_published_validity_becomes_a_draft(portal_data):
    import_portal(portal_data)
    changed = _changed_birth(export_document(), requirements="Có mặt người yêu cầu.")  # same valid_from

    outcome = import_data(changed).outcomes[0]

    assert (outcome.status, outcome.version) == ("updated", 2)
    assert "dự thảo" in outcome.detail
    assert version("1.001193", 2).status == "draft"
    assert version("1.001193", 1).valid_until is None


def test_draft_is_updated_in_place(portal_data):
    import_data(portal_data, status="draft", source="x")
    record = _changed_birth(export_document(), steps="Nộp hồ sơ; nhận kết quả.")

    outcome = import_data(record).outcomes[0]

    assert (outcome.status, outcome.version) == ("updated", 1)
    assert ProcedureVersion.objects.filter(procedure__code="1.001193").count() == 1
    assert version("1.001193").steps == "Nộp hồ sơ; nhận kết quả."
    assert version("1.001193").methods.count() == 3


def test_a_version_number_not_in_the_catalog_is_created(portal_data):
    import_portal(portal_data)
    history = _changed_birth(export_document(), version=2, valid_from="2026-03-01", notes="Phiên bản 2.")

    outcome = import_data(history).outcomes[0]

    assert (outcome.status, outcome.version) == ("created", 2)
    assert version("1.001193", 1).valid_until == datetime.date(2026, 2, 28)


def test_a_newer_file_closes_a_version_published_without_a_date(portal_data):
    import_portal(portal_data)
    ProcedureVersion.objects.filter(procedure__code="1.001193").update(valid_from=None)
    changed = _changed_birth(export_document(), valid_from="2026-01-01", notes="Sửa đổi.")

    outcome = import_data(changed).outcomes[0]

    assert (outcome.status, outcome.version) == ("updated", 2)
    assert version("1.001193", 1).valid_until == datetime.date(2025, 12, 31)
    assert version("1.001193", 2).status == "published"
