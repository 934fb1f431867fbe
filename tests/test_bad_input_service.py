"""The intake service holds the bounds whatever face calls it (issue 16 item 8): the pages and the API check first,
but the desk's and the portal's group intakes, the demo and any later face go through lifecycle too. A phone number
or e-mail address was stored as given, and 32768 copies overflowed the column (a 500 on PostgreSQL)."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency

PERSON = lifecycle.Applicant(kind="person", name="Nguyễn Văn An", id_number="001090012345")


@pytest.fixture
def intake(demo):
    return lifecycle.Intake(
        method=ProcedureMethod.objects.get(
            version__procedure__code="1.002211", version__status="published", channel="direct"
        ),
        receiving_agency=Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        competent_agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"),
        applicant=PERSON,
    )


def refused(intake) -> dict:
    with pytest.raises(ValidationError) as error:
        lifecycle.accept(User.objects.get(username="tiepnhan.hongvan"), intake)
    assert not Dossier.objects.exists()
    return error.value.message_dict


@pytest.mark.parametrize("copies", [100, 32768])
def test_more_copies_than_the_bound_are_refused(intake, copies):
    assert refused(dataclasses.replace(intake, copies=copies)) == {"copies": ["Số lượng hồ sơ tối đa 99 bộ."]}


def test_a_wrong_phone_number_is_refused_by_the_service(intake):
    applicant = dataclasses.replace(PERSON, phone="12ab")
    assert refused(dataclasses.replace(intake, applicant=applicant)) == {
        "applicant_phone": ["Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0."]
    }


def test_a_wrong_email_address_is_refused_by_the_service(intake):
    applicant = dataclasses.replace(PERSON, email="khong-phai-thu")
    assert refused(dataclasses.replace(intake, applicant=applicant)) == {
        "applicant_email": ["Thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn."]
    }


def test_valid_contacts_and_99_copies_are_accepted(intake):
    applicant = dataclasses.replace(PERSON, phone="0912345678", email="an@example.vn")
    dossier = lifecycle.accept(
        User.objects.get(username="tiepnhan.hongvan"), dataclasses.replace(intake, applicant=applicant, copies=99)
    )
    assert (dossier.copies, dossier.applicant_phone, dossier.applicant_email) == (99, "0912345678", "an@example.vn")
