"""The applicant's account page: the profile that prefills online submissions (name, ID number or tax code,
address), with Vietnamese errors next to the fields and nothing typed lost."""

import re

import pytest
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile, User

PROFILE = reverse("accounts:profile")


@pytest.fixture
def citizen(db):
    return User.objects.create_user("hoa", email="hoa@example.vn", full_name="Lê Thị Hoa", account_type="citizen")


def test_a_citizen_fills_in_the_profile(client, citizen):
    client.force_login(citizen)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"full_name", "personal_id", "date_of_birth", "address"}
    assert "hoa@example.vn" in page.content.decode()

    response = client.post(
        PROFILE,
        {
            "full_name": "Lê Thị  Hoa",
            "personal_id": "001 190 012 377",
            "date_of_birth": "1990-04-25",
            "address": "Thôn Đông",
        },
    )
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=citizen)
    assert (profile.kind, profile.personal_id, str(profile.date_of_birth), profile.address) == (
        "person",
        "001190012377",
        "1990-04-25",
        "Thôn Đông",
    )
    citizen.refresh_from_db()
    assert citizen.full_name == "Lê Thị Hoa"

    # The saved profile comes back on the page, and can be changed.
    assert client.get(PROFILE).context["form"].initial["personal_id"] == "001190012377"
    client.post(PROFILE, {"full_name": "Lê Thị Hoa", "personal_id": "001190012377", "address": "Thôn Tây"})
    assert ApplicantProfile.objects.get(user=citizen).address == "Thôn Tây"


def test_errors_are_vietnamese_and_keep_what_was_typed(client, citizen):
    client.force_login(citizen)
    response = client.post(PROFILE, {"full_name": "", "personal_id": "99912345", "address": "Xóm Bắc 12"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["full_name"] == ["Hãy nhập họ và tên."]
    assert errors["personal_id"] == ["Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."]
    html = response.content.decode()
    assert 'value="99912345"' in html and 'value="Xóm Bắc 12"' in html
    assert not ApplicantProfile.objects.exists()


def test_an_id_number_of_another_account_is_refused(client, citizen):
    other = User.objects.create_user("khac")
    ApplicantProfile.objects.create(user=other, kind="person", personal_id="001190012377")
    client.force_login(citizen)
    response = client.post(PROFILE, {"full_name": "Hoa", "personal_id": "001190012377", "address": "Thôn Đông"})
    assert response.context["form"].errors["personal_id"] == [
        "Số định danh này đã thuộc một tài khoản khác. Hãy kiểm tra lại."
    ]


def test_an_organisation_gives_its_name_and_tax_code(client, db):
    firm = User.objects.create_user("dn", phone="0912000777", full_name="Phạm Văn Tổ", account_type="organisation")
    client.force_login(firm)
    response = client.post(
        PROFILE, {"full_name": "Phạm Văn Tổ", "organisation_name": "", "tax_code": "12", "address": ""}
    )
    errors = response.context["form"].errors
    assert errors["organisation_name"] == ["Hãy nhập tên tổ chức."]
    assert "Mã số thuế phải gồm 10 chữ số" in errors["tax_code"][0]
    assert errors["address"] == ["Hãy nhập địa chỉ."]
    client.post(
        PROFILE,
        {
            "full_name": "Phạm Văn Tổ",
            "organisation_name": "Công ty TNHH Hồng Vân",
            "tax_code": "0100109106",
            "address": "Hà Nội",
        },
    )
    profile = ApplicantProfile.objects.get(user=firm)
    assert (profile.kind, profile.organisation_name, profile.tax_code) == (
        "organisation",
        "Công ty TNHH Hồng Vân",
        "0100109106",
    )


def test_staff_and_strangers_have_no_profile_page(client, login_as):
    assert client.get(PROFILE).status_code == 302 and reverse("accounts:login") in client.get(PROFILE).url
    staff = login_as("tiepnhan.hongvan")
    assert staff.get(PROFILE).url == reverse("accounts:security")


def test_a_phone_number_is_added_once_its_texted_code_comes_back(client, citizen, smsoutbox):
    client.force_login(citizen)
    response = client.post(reverse("accounts:contact"), {"contact": "0912 000 888"})
    assert response.url == reverse("accounts:contact_verify")
    citizen.refresh_from_db()
    assert citizen.phone == ""  # not before the code
    [text] = [f"SMS to {message.address}: {message.body}" for message in smsoutbox]
    code = re.search(r"\b(\d{6})\b", text.split(":", 1)[1]).group(1)
    response = client.post(reverse("accounts:contact_verify"), {"code": code})
    assert response.url == PROFILE
    citizen.refresh_from_db()
    assert citizen.phone == "0912000888" and citizen.phone_verified_at is not None
    assert citizen.email == "hoa@example.vn"  # the other kind of address is kept


def test_an_address_of_another_account_is_refused_after_the_code(client, citizen, mailoutbox):
    User.objects.create_user("khac", email="khac@example.vn")
    client.force_login(citizen)
    client.post(reverse("accounts:contact"), {"contact": "khac@example.vn"})
    code = re.search(r"\b(\d{6})\b", mailoutbox[0].body).group(1)
    response = client.post(reverse("accounts:contact_verify"), {"code": code})
    assert response.context["form"].errors["code"] == ["Địa chỉ này đã thuộc một tài khoản khác."]
    citizen.refresh_from_db()
    assert citizen.email == "hoa@example.vn"


def test_a_code_of_another_account_cannot_be_used(client, citizen, mailoutbox):
    other = User.objects.create_user("khac", email="khac@example.vn")
    client.force_login(other)
    client.post(reverse("accounts:contact"), {"contact": "moi@example.vn"})
    pending = client.session["accounts_contact_code"]
    client.force_login(citizen)
    session = client.session
    session["accounts_contact_code"] = pending
    session.save()
    assert client.get(reverse("accounts:contact_verify")).url == reverse("accounts:contact")
