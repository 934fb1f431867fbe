"""The tracking reference (mã tra cứu): every dossier gets one as soon as it exists, online or at the desk; the
legal code still comes only with acceptance."""

import re

import pytest
from django.db import IntegrityError, transaction

from dossier_helpers import at, intake, user
from motcua.accounts.models import User
from motcua.dossiers import codes, lifecycle
from motcua.dossiers.models import Dossier

SHAPE = re.compile(r"TN\d{6}-[34679ACDEFGHJKMNPQRTUVWXY]{6}")


@pytest.fixture
def desk(demo):
    return user("tiepnhan.hongvan")


def test_an_online_submission_has_a_reference_at_once_and_its_code_only_at_acceptance(desk):
    citizen = User.objects.create_user("congdan.ref", password="x", account_type=User.AccountType.CITIZEN)
    submitted = lifecycle.submit_online(citizen, intake(channel="online"), at=at(2026, 3, 6, 20))
    assert submitted.code is None
    assert SHAPE.fullmatch(submitted.reference), submitted.reference
    assert submitted.reference.startswith("TN260306-")  # the local day of the submission
    accepted = lifecycle.accept(desk, submitted, at=at(2026, 3, 9, 9))
    # Acceptance gives the legal code and keeps the reference the applicant already holds.
    assert accepted.code == "000.00.87.H26-260309-0001"
    assert Dossier.objects.get(pk=submitted.pk).reference == submitted.reference


def test_every_decision_on_a_paper_dossier_gives_a_reference(desk):
    accepted = lifecycle.accept(desk, intake(), at=at(2026, 3, 9, 9))
    incomplete = lifecycle.request_intake_supplement(desk, intake(), items=["Tờ khai"], at=at(2026, 3, 9, 10))
    refused = lifecycle.refuse_intake(desk, intake(), reason="Không thuộc thẩm quyền", at=at(2026, 3, 9, 11))
    references = [d.reference for d in (accepted, incomplete, refused)]
    assert all(SHAPE.fullmatch(r) for r in references), references
    assert len(set(references)) == 3
    assert incomplete.code is None and refused.code is None


def test_a_reference_already_taken_is_drawn_again(desk, monkeypatch):
    first = lifecycle.accept(desk, intake(), at=at(2026, 3, 9, 9))
    draws = iter([first.reference, first.reference, "TN260309-AAAAAA"])
    monkeypatch.setattr(codes, "_reference_candidate", lambda day: next(draws))
    assert codes.allocate_reference(at(2026, 3, 9, 10)) == "TN260309-AAAAAA"


def test_the_database_refuses_a_duplicate_reference(desk):
    first = lifecycle.accept(desk, intake(), at=at(2026, 3, 9, 9))
    second = lifecycle.accept(desk, intake(), at=at(2026, 3, 9, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=second.pk).update(reference=first.reference)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("tn260309-k7qx4m", "TN260309-K7QX4M"),
        (" TN260309K7QX4M ", "TN260309-K7QX4M"),
        ("TN 260309-K7QX4M", "TN260309-K7QX4M"),
    ],
)
def test_what_an_applicant_types_is_normalised(typed, stored):
    assert codes.normalise_reference(typed) == stored
    assert codes.looks_like_reference(codes.normalise_reference(typed))


def test_a_legal_code_does_not_look_like_a_reference():
    assert not codes.looks_like_reference("000.00.87.H26-260309-0001")
    assert not codes.looks_like_reference("TN260309-K7QX40")  # 0 is not in the alphabet


def test_the_migration_gives_the_older_dossiers_a_reference(desk):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("motcua.dossiers.migrations.0004_dossier_reference")
    older = [lifecycle.accept(desk, intake(), at=at(2026, 3, 9, 9 + n)) for n in range(3)]
    Dossier.objects.filter(pk__in=[d.pk for d in older]).update(reference=None)
    migration.backfill(apps, None)
    references = list(Dossier.objects.filter(pk__in=[d.pk for d in older]).values_list("reference", flat=True))
    assert all(SHAPE.fullmatch(r or "") and r.startswith("TN260309-") for r in references), references
    assert len(set(references)) == 3
