"""Cash and bank transfer at the desk: who may record, never more than is due, the audit log, the pages, and the
receipts (real PDFs read back with pdftotext)."""

import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.core.models import AuditEntry
from motcua.orgs.models import Agency
from motcua.payments import services
from motcua.payments.models import Payment
from test_payments_support import CHARGE_VND, FEE_VND, TOTAL_VND, dossier_with_fees


@pytest.fixture
def dossier(demo):
    return dossier_with_fees()


def staff(username: str) -> User:
    return User.objects.get(username=username)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_fees_are_those_copied_at_acceptance(dossier):
    balance = services.balance(dossier)
    assert [(fee.name, fee.amount_vnd) for fee in balance.fees] == [("Phí thẩm định", FEE_VND), ("Lệ phí", CHARGE_VND)]
    assert (balance.total_vnd, balance.paid_vnd, balance.due_vnd) == (TOTAL_VND, 0, TOTAL_VND)


def test_the_receiving_officer_records_cash_in_parts_never_more_than_due(dossier):
    desk = staff("tiepnhan.hongvan")
    first = services.record_cash(desk, dossier, FEE_VND, note="Phí")
    assert first.status == "paid" and first.method == "cash" and first.recorded_by == desk
    assert first.reference.startswith("TM") and first.paid_at is not None
    assert services.balance(dossier).due_vnd == CHARGE_VND
    with pytest.raises(ValidationError, match=r"từ 1 đến 20\.000 đồng"):
        services.record_cash(desk, dossier, CHARGE_VND + 1)
    services.record_cash(desk, dossier, CHARGE_VND)
    assert services.balance(dossier).settled
    with pytest.raises(ValidationError, match="đã nộp đủ"):
        services.record_cash(desk, dossier, 1)
    assert Payment.objects.filter(dossier=dossier).count() == 2
    entry = AuditEntry.objects.get(object_type="payments.Payment", object_id=str(first.pk))
    assert entry.actor is None  # no request here; the recording officer is on the payment itself
    assert entry.changes["amount_vnd"] == [None, str(FEE_VND)]


@pytest.mark.parametrize("username", ["chuyenvien.hongvan", "lanhdao.hongvan", "thanhtra.hanoi", "congdan"])
def test_only_a_receiving_officer_of_the_receiving_agency_records(dossier, username):
    with pytest.raises(PermissionDenied):
        services.record_cash(staff(username), dossier, FEE_VND)
    assert not Payment.objects.exists()


def test_an_officer_of_another_agency_cannot_record(dossier):
    other = User.objects.create_user("tiepnhan.khac", password="x", account_type=User.AccountType.STAFF)
    police = Agency.objects.get(name="Công an xã Hồng Vân")
    RoleAssignment.objects.create(user=other, role=Role.RECEIVING_OFFICER, agency=police)
    with pytest.raises(PermissionDenied):
        services.record_cash(other, dossier, FEE_VND)


def test_a_transfer_reference_is_confirmed_by_the_officer(dossier):
    citizen, desk = staff("congdan"), staff("tiepnhan.hongvan")
    transfer = services.request_transfer(citizen, dossier)
    assert transfer.status == "pending" and transfer.amount_vnd == TOTAL_VND and transfer.reference.startswith("CK")
    assert services.request_transfer(citizen, dossier).pk == transfer.pk  # asking again gives the same reference
    with pytest.raises(PermissionDenied):
        services.confirm_transfer(citizen, transfer)
    services.confirm_transfer(desk, transfer)
    transfer.refresh_from_db()
    assert transfer.status == "paid" and transfer.recorded_by == desk
    with pytest.raises(ValidationError, match="không còn chờ xác nhận"):
        services.confirm_transfer(desk, transfer)
    assert services.balance(dossier).paid_vnd == TOTAL_VND


def test_a_transfer_for_more_than_is_left_cannot_be_confirmed(dossier):
    desk = staff("tiepnhan.hongvan")
    transfer = services.request_transfer(staff("congdan"), dossier)
    services.record_cash(desk, dossier, FEE_VND)
    with pytest.raises(ValidationError, match="lớn hơn số còn phải nộp"):
        services.confirm_transfer(desk, transfer)
    with pytest.raises(ValidationError, match="lý do"):
        services.cancel_transfer(desk, transfer, reason="  ")
    services.cancel_transfer(desk, transfer, reason="Đã nộp tiền mặt")
    assert Payment.objects.get(pk=transfer.pk).status == "cancelled"
    renewed = services.request_transfer(staff("congdan"), dossier)
    assert renewed.pk != transfer.pk and renewed.amount_vnd == CHARGE_VND


def test_the_desk_page_records_cash_and_keeps_input_on_error(client, dossier):
    client.force_login(staff("tiepnhan.hongvan"))
    page = client.get(reverse("desk:payment-dossier", args=[dossier.pk]))
    assert page.status_code == 200 and "70.000 đồng" in page.content.decode()
    too_much = client.post(reverse("desk:payment-cash", args=[dossier.pk]), {"amount_vnd": "80000", "note": "ghi chú"})
    assert too_much.status_code == 422
    html = too_much.content.decode()
    assert "Số tiền phải từ 1 đến 70.000 đồng" in html and 'value="80000"' in html and 'value="ghi chú"' in html
    done = client.post(reverse("desk:payment-cash", args=[dossier.pk]), {"amount_vnd": "70000"})
    assert done.status_code == 302
    payment = Payment.objects.get(dossier=dossier)
    entry = AuditEntry.objects.get(object_type="payments.Payment", object_id=str(payment.pk))
    assert entry.actor == staff("tiepnhan.hongvan")


def test_desk_pages_respect_roles_and_scope(client, dossier):
    url = reverse("desk:payment-dossier", args=[dossier.pk])
    client.force_login(staff("congdan"))
    assert client.get(url).status_code == 403
    client.force_login(staff("lanhdao.hongvan"))  # sees the dossier, may not take money
    assert client.get(url).status_code == 200
    assert client.post(reverse("desk:payment-cash", args=[dossier.pk]), {"amount_vnd": "1000"}).status_code == 403
    outsider = User.objects.create_user("canbo.ngoai", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(
        user=outsider, role=Role.RECEIVING_OFFICER, agency=Agency.objects.exclude(name__contains="Hồng Vân").first()
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert not Payment.objects.exists()


def test_the_desk_finds_a_transfer_and_cancels_it_after_confirmation(client, dossier):
    transfer = services.request_transfer(staff("congdan"), dossier)
    client.force_login(staff("tiepnhan.hongvan"))
    listing = client.get(reverse("desk:payment-desk"))
    assert transfer.reference in listing.content.decode()
    found = client.get(reverse("desk:payment-desk"), {"q": transfer.reference.lower()})
    assert found["Location"] == reverse("desk:payment-dossier", args=[dossier.pk])
    cancel_url = reverse("desk:payment-cancel", args=[transfer.pk])
    assert "Quay lại, không hủy" in client.get(cancel_url).content.decode()
    assert Payment.objects.get(pk=transfer.pk).status == "pending"  # the GET only asks
    assert client.post(cancel_url, {"reason": ""}).status_code == 422
    assert client.post(cancel_url, {"reason": "Người nộp đổi ý"}).status_code == 302
    assert Payment.objects.get(pk=transfer.pk).status == "cancelled"


def test_the_receipt_pdf_names_the_amount_and_the_code(client, dossier, tmp_path):
    desk = staff("tiepnhan.hongvan")
    payment = services.record_cash(desk, dossier, TOTAL_VND)
    client.force_login(desk)
    response = client.get(reverse("desk:payment-desk-receipt", args=[payment.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "BIÊN NHẬN THANH TOÁN PHÍ, LỆ PHÍ" in text
    assert "70.000 đồng" in text and dossier.code in text and payment.reference in text
    assert "Tiền mặt tại Bộ phận Một cửa" in text and "Nguyễn Thị Lan" in text
    # The applicant downloads the same receipt from their own page; nobody else does.
    client.force_login(staff("congdan"))
    mine = client.get(reverse("portal:payment-receipt", args=[payment.reference]))
    assert payment.reference in pdf_text(mine.content, tmp_path)
    stranger = User.objects.create_user("congdan3", password="x", account_type=User.AccountType.CITIZEN)
    client.force_login(stranger)
    assert client.get(reverse("portal:payment-receipt", args=[payment.reference])).status_code == 404


def test_an_unpaid_payment_has_no_receipt(client, dossier):
    transfer = services.request_transfer(staff("congdan"), dossier)
    client.force_login(staff("tiepnhan.hongvan"))
    assert client.get(reverse("desk:payment-desk-receipt", args=[transfer.pk])).status_code == 404


def test_a_stopped_dossier_takes_no_payment(dossier):
    from motcua.dossiers import lifecycle

    desk = staff("tiepnhan.hongvan")
    lifecycle.stop(desk, dossier, reason="Người nộp rút hồ sơ")
    with pytest.raises(ValidationError, match="không nhận thanh toán"):
        services.record_cash(desk, dossier, FEE_VND)
