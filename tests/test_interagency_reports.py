"""An inter-agency dossier in the participating agency's own papers (Decree 118/2025 Art. 20.2): its lines on the
control slip (Mẫu 06: giao/nhận with times, result trước hạn/đúng hạn/quá hạn against the part's own deadline), and
its place in that agency's form II.06a (Circular 01/2020/TT-VPCP) — once, however many parts it had."""

import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import POLICE, UBND, at, processing, user
from motcua.documents.dossier_forms import render_form
from motcua.documents.dossier_forms.control_slip import slip_context
from motcua.dossiers import interagency, lifecycle
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency
from motcua.reports import facts, ii06a, measures
from motcua.reports.models import StaleMonth

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DAY = 8 * 60


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def result() -> Upload:
    return Upload(SimpleUploadedFile("ket-qua.pdf", PDF))


def with_parts(*, late: bool):
    """A dossier of UBND xã Hồng Vân with two parts for the commune police, one after the other (two batches); the
    second answered after its due instant when `late`."""
    police, police_user = Agency.objects.get(name=POLICE), user("chuyenvien.congan.hongvan")
    specialist = user("chuyenvien.hongvan")
    dossier = processing(at(2026, 3, 2, 10))
    for batch, sent in enumerate((at(2026, 3, 3, 9), at(2026, 3, 4, 9)), start=1):
        lifecycle.send_parts(specialist, dossier, parts=[interagency.PartRequest(police, "Xác minh", DAY)], at=sent)
        part = dossier.parts.get(batch=batch)
        lifecycle.receive_part(police_user, part, at=sent + datetime.timedelta(hours=1))
        answered = part.due_at + (datetime.timedelta(hours=2) if late and batch == 2 else -datetime.timedelta(hours=1))
        lifecycle.complete_part(police_user, part, document=result(), at=answered)
    return dossier


def pdf_text(data: bytes, tmp_path) -> str:
    assert data.startswith(b"%PDF-")
    path = tmp_path / "mau-06.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_each_part_has_its_give_take_and_result_lines_on_the_control_slip(demo, tmp_path):
    dossier = with_parts(late=True)
    first, second = dossier.parts.order_by("batch")
    context = slip_context(dossier)
    rows = [row for row in context["rows"] if "liên thông" in row["note"] or "phần việc" in row["note"]]
    # Per part: the lead gives it (Giao) and the police takes it (Nhận, its receipt time), then the result comes back.
    assert [(row["from_place"], row["to_place"], row["result"]) for row in rows] == [
        (UBND, POLICE, ""),
        (POLICE, UBND, "Đúng hạn"),  # 08:00 on the day it was due at 09:00
        (UBND, POLICE, ""),
        (POLICE, UBND, "Quá hạn"),  # two hours after its own due instant
    ]
    assert rows[0]["taken_at"] and first.code in rows[0]["note"] and second.code in rows[3]["note"]
    assert POLICE in context["partners"]
    text = pdf_text(render_form("06", dossier, fmt="pdf"), tmp_path)
    flat = "".join(text.split())  # a narrow column breaks the codes across lines
    assert first.code in flat and second.code in flat and "Quáhạn" in flat


# The dossiers an agency took part in are listed by id, or tested per row when there are more than the limit.
@pytest.mark.parametrize("listed_at_most", [ii06a.HANDED_IDS_MAX, 0], ids=["by-id", "per-row"])
def test_the_participating_agency_counts_the_dossier_once_in_its_own_ii06a(demo, monkeypatch, listed_at_most):
    """Rule PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER: a part handed to the police puts the dossier in the police's
    form II.06a, once although it had two parts; an agency that had none does not count it."""
    monkeypatch.setattr(ii06a, "HANDED_IDS_MAX", listed_at_most)
    police, ubnd = Agency.objects.get(name=POLICE), Agency.objects.get(name=UBND)
    dossier = with_parts(late=False)
    now = at(2026, 3, 31, 23)
    for agency in (police, ubnd):
        report = ii06a.build([agency.pk], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), now=now)
        assert report.total.received_total == 1, agency
        assert report.total.pending_total == 1 and not report.total.broken_invariants()
    cell = ii06a.dossiers_for("received_total", [police.pk], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert list(cell.values_list("pk", flat=True)) == [dossier.pk]
    other = Agency.objects.create(name="Thuế cơ sở Thường Tín", kind="other", unit=police.unit)
    report = ii06a.build([other.pk], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), now=now)
    assert report.total.received_total == 0


def test_a_part_whose_turn_never_came_does_not_count(demo):
    """A sequential part cancelled before it was sent was never the agency's work: not in its report."""
    police = Agency.objects.get(name=POLICE)
    tax = Agency.objects.create(name="Thuế cơ sở Thường Tín", kind="other", unit=police.unit)
    dossier = processing(at(2026, 3, 2, 10))
    lifecycle.send_parts(
        user("chuyenvien.hongvan"),
        dossier,
        parts=[interagency.PartRequest(police, "Xác minh", DAY), interagency.PartRequest(tax, "Thuế", DAY)],
        parallel=False,
        at=at(2026, 3, 3, 9),
    )
    lifecycle.refuse_part(
        user("chuyenvien.congan.hongvan"), dossier.parts.get(order=1), reason="Không thuộc", at=at(2026, 3, 3, 10)
    )
    now = at(2026, 3, 31, 23)
    counts = {
        agency: ii06a.build([agency.pk], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), now=now).total
        for agency in (police, tax)
    }
    assert (counts[police].received_total, counts[tax].received_total) == (1, 0)


def test_a_part_handed_after_the_month_was_stored_counts_in_the_participating_agencys_dashboard(demo):
    """PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER in the stored monthly facts (Decree 118/2025 Art. 20.2): March is
    stored with a dossier received then; its first part, handed to the police in April, marks March stale, and the
    police's March dashboard then counts the dossier as their form II.06a does."""
    police = Agency.objects.get(name=POLICE)
    march = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    now = at(2026, 4, 10, 12)
    dossier = processing(at(2026, 3, 9, 10))
    facts.compute(march[0])
    assert measures.measures([police.pk], *march, now=now)[None].received == 0
    send = lifecycle.send_parts
    send(user("chuyenvien.hongvan"), dossier, parts=[interagency.PartRequest(police, "Xác minh", DAY)], at=now)
    assert StaleMonth.objects.filter(month=march[0]).exists()
    stored = measures.measures([police.pk], *march, now=now)[None]
    assert stored.received == ii06a.build([police.pk], *march, now=now).total.received_total == 1
    live = measures.collect([police.pk], *march, now=now, stored=False)
    assert stored == measures.group(live, measures.By.TOTAL)[None]
