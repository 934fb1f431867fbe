"""Acceptance at the desk: the dossier code, the stored due instant, the history, and who may accept."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.dossiers.models import CodeSequence, Dossier, DossierEvent, State
from motcua.dossiers.uploads import Upload
from motcua.notify.services import muted
from motcua.orgs.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERSON = lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number="001090012345", phone="0912345678")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


@pytest.fixture
def desk(demo):
    """Hồng Vân's centre receives, its People's Committee resolves 1.002211 (5 working days, direct)."""
    return {
        "officer": User.objects.get(username="tiepnhan.hongvan"),
        "centre": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        "ubnd": Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        "method": ProcedureMethod.objects.get(
            version__procedure__code="1.002211", version__status="published", channel="direct"
        ),
    }


def accept(desk, received_at, applicant=PERSON, officer=None):
    intake = lifecycle.Intake(
        method=desk["method"], receiving_agency=desk["centre"], competent_agency=desk["ubnd"], applicant=applicant
    )
    return lifecycle.accept(officer or desk["officer"], intake, at=received_at)


def test_acceptance_gives_a_code_a_due_instant_and_a_history(desk):
    assert desk["method"].duration_label == "5 ngày làm việc"
    # Thursday 12/02/2026 10:00, five working days across Tết Bính Ngọ (14–22/02): Thursday 26/02 10:00.
    dossier = accept(desk, at(2026, 2, 12, 10))
    assert dossier.code == "000.00.87.H26-260212-0001"
    assert dossier.state == State.RECEIVED
    assert dossier.due_at == at(2026, 2, 26, 10)
    event = dossier.events.get()
    assert (event.kind, event.actor, event.to_state, event.due_at) == (
        DossierEvent.Kind.ACCEPTED,
        desk["officer"],
        State.RECEIVED,
        at(2026, 2, 26, 10),
    )
    assert "000.00.87.H26-260212-0001" in event.note


def test_codes_run_per_agency_per_local_day(desk):
    codes = [accept(desk, at(2026, 3, 2, hour)).code for hour in (8, 9, 16)]
    assert codes == ["000.00.87.H26-260302-0001", "000.00.87.H26-260302-0002", "000.00.87.H26-260302-0003"]
    # 16:30 UTC is 23:30 in Vietnam: still 02/03 locally, so it continues that day's numbering.
    late = accept(desk, datetime.datetime(2026, 3, 2, 16, 30, tzinfo=datetime.UTC))
    assert late.code == "000.00.87.H26-260302-0004"
    assert accept(desk, at(2026, 3, 3, 8)).code == "000.00.87.H26-260303-0001"


def test_refused_intake_gives_no_number_away(desk):
    accept(desk, at(2026, 3, 4, 8))
    with pytest.raises(ValidationError):
        accept(desk, at(2026, 3, 4, 9), applicant=lifecycle.Applicant(kind="person", name="A", id_number="123"))
    assert accept(desk, at(2026, 3, 4, 10)).code.endswith("-0002")


def test_only_a_receiving_officer_of_the_desk_accepts(desk):
    for username in ("chuyenvien.hongvan", "thanhtra.hanoi", "quantri.hongvan"):
        with pytest.raises(PermissionDenied):
            accept(desk, at(2026, 3, 5, 9), officer=User.objects.get(username=username))
    assert not Dossier.objects.exists()


def test_the_competent_agency_must_resolve_the_procedure(desk):
    police = Agency.objects.get(name="Công an xã Hồng Vân")
    with pytest.raises(ValidationError, match=r"không giải quyết thủ tục 1\.002211"):
        intake = lifecycle.Intake(
            method=desk["method"], receiving_agency=desk["centre"], competent_agency=police, applicant=PERSON
        )
        lifecycle.accept(desk["officer"], intake, at=at(2026, 3, 5, 9))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent intakes need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_unique_gap_free_numbers(desk):
    codes, errors = [], []

    def intake():
        try:
            codes.append(accept(desk, at(2026, 3, 6, 9)).code)
        except Exception as error:  # reported below: the test fails with the error itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(code[-4:] for code in codes) == [f"{n:04d}" for n in range(1, 9)]
    assert CodeSequence.objects.get(agency=desk["ubnd"], day=datetime.date(2026, 3, 6)).last_number == 8


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_an_intake_costs_the_same_statements_however_many_files_it_has(desk, settings, tmp_path):
    """The files, fees and steps of an intake are inserted in one statement each, and the day's number is taken by
    one upsert: the number of SQL statements is fixed (measured, not timed: speed is the benchmark's business)."""
    settings.MEDIA_ROOT = tmp_path
    components = list(desk["method"].version.documents.order_by("order"))

    def statements(files: int, day: int, hour: int) -> tuple[int, Dossier]:
        uploads = tuple(
            Upload(SimpleUploadedFile(f"to-{n}.pdf", PDF), requirement_id=components[0].pk) for n in range(files)
        )
        intake = lifecycle.Intake(
            method=desk["method"],
            receiving_agency=desk["centre"],
            competent_agency=desk["ubnd"],
            applicant=PERSON,
            documents=uploads,
        )
        with muted(), CaptureQueriesContext(connection) as captured:
            dossier = lifecycle.accept(desk["officer"], intake, at=at(2026, 3, day, hour))
        return len(captured.captured_queries), dossier

    statements(1, 6, 9)  # builds the calendar, which later intakes reuse
    first_of_day, _ = statements(1, 9, 8)  # the day's counter row is made by the same upsert
    one, _ = statements(1, 9, 9)
    three, dossier = statements(3, 9, 10)
    assert first_of_day == one == three
    assert dossier.documents.count() == 3 and dossier.steps.count() == 4
    assert dossier.code.endswith("-0003")
    # BEGIN, role, version in force, offerings, files' components, components, code, calendar, fees, dossier,
    # event (with its chain: the dossier's row locked, the chain's head), process, steps, documents, the audit entry
    # (the log's head locked, the entry, the new head), COMMIT (SQLite logs no BEGIN; docs/security.md).
    assert three <= 19
