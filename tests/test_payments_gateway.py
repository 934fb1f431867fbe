"""Online payment through the VNPAY 2.1.0 protocol: the signed payment address, the IPN (signature, order, amount,
idempotent repeats, the documented RspCode answers), the browser's return (never trusted) and the local sandbox."""

import datetime
import hashlib
import hmac
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.models import AuditEntry
from motcua.payments import sandbox, services
from motcua.payments.gateways import vnpay
from motcua.payments.models import Payment
from test_payments_support import TOTAL_VND, dossier_with_fees, ipn_params, signed

SECRET = "test-secret-of-the-merchant"
TMN = "TESTTMN1"


@pytest.fixture(autouse=True)
def gateway_settings(settings):
    settings.PAYMENT_SANDBOX = True
    settings.PAYMENT_VNPAY_URL = ""
    settings.PAYMENT_VNPAY_TMN_CODE = TMN
    settings.PAYMENT_VNPAY_HASH_SECRET = SECRET
    settings.PAYMENT_EXPIRE_MINUTES = 15
    return settings


@pytest.fixture
def dossier(demo):
    return dossier_with_fees()


@pytest.fixture
def citizen(client, demo):
    client.force_login(User.objects.get(username="congdan"))
    return client


def start_online(client, dossier) -> tuple[Payment, dict]:
    response = client.post(reverse("portal:payment-online", args=[dossier.pk]))
    assert response.status_code == 302, response.content
    url = urlsplit(response["Location"])
    assert url.path == reverse("payments-sandbox-pay")
    return Payment.objects.get(dossier=dossier, method=Payment.Method.GATEWAY, status="pending"), dict(
        parse_qsl(url.query, keep_blank_values=True)
    )


def ipn(client, params: dict) -> dict:
    response = client.get(reverse("portal:payment-ipn"), params)
    assert response.status_code == 200
    return response.json()


# -- the signature ----------------------------------------------------------------------------------------------


def test_the_signature_is_hmac_sha512_over_the_sorted_php_urlencoded_query():
    params = {"vnp_OrderInfo": "Nop phi ho so A~B/1", "vnp_Amount": "7000000", "vnp_TxnRef": "TT1"}
    expected_text = "vnp_Amount=7000000&vnp_OrderInfo=Nop+phi+ho+so+A%7EB%2F1&vnp_TxnRef=TT1"
    assert vnpay.canonical_query(params) == expected_text
    assert vnpay.sign(params, SECRET) == hmac.new(SECRET.encode(), expected_text.encode(), hashlib.sha512).hexdigest()
    assert vnpay.signature_matches(signed(params, SECRET), SECRET)
    assert not vnpay.signature_matches(signed(params, SECRET), "another secret")
    assert not vnpay.signature_matches({**signed(params, SECRET), "vnp_Amount": "7000100"}, SECRET)


def test_the_payment_address_carries_the_order_signed(citizen, dossier):
    payment, params = start_online(citizen, dossier)
    assert payment.amount_vnd == TOTAL_VND and payment.gateway == "vnpay"
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
    assert params["vnp_TmnCode"] == TMN
    assert params["vnp_Amount"] == str(TOTAL_VND * 100)
    assert params["vnp_TxnRef"] == payment.reference
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_OrderInfo"] == f"Nop phi, le phi ho so {dossier.code}"
    assert params["vnp_ReturnUrl"] == "http://testserver" + reverse("portal:payment-return")
    created = vnpay.parse_time(params["vnp_CreateDate"])
    assert vnpay.parse_time(params["vnp_ExpireDate"]) - created == datetime.timedelta(minutes=15)
    given = params.pop("vnp_SecureHash")
    assert given == vnpay.sign(params, SECRET)


def test_starting_again_resumes_the_unfinished_payment(citizen, dossier):
    first, _ = start_online(citizen, dossier)
    second, _ = start_online(citizen, dossier)
    assert first.pk == second.pk
    assert Payment.objects.filter(dossier=dossier).count() == 1


def test_only_the_applicant_may_pay(client, dossier):
    for username in ("tiepnhan.hongvan", "lanhdao.hongvan"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("portal:payment-start", args=[dossier.pk])).status_code == 404
        assert client.post(reverse("portal:payment-online", args=[dossier.pk])).status_code == 404
    stranger = User.objects.create_user("congdan2", password="x", account_type=User.AccountType.CITIZEN)
    client.force_login(stranger)
    assert client.get(reverse("portal:payment-start", args=[dossier.pk])).status_code == 404
    with pytest.raises(Exception, match="Chỉ người nộp hồ sơ"):
        services.start_online_payment(stranger, dossier, client_ip="", return_url="http://x/")
    assert not Payment.objects.exists()


# -- the IPN ----------------------------------------------------------------------------------------------------


def test_a_valid_ipn_marks_the_payment_paid_once(citizen, client, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    params = ipn_params(payment, gateway_settings)
    client.logout()  # the gateway's server has no session
    assert ipn(client, params) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.gateway_transaction == "14271027" and payment.bank_code == "NCB"
    assert payment.paid_at == vnpay.parse_time("20261125103000")
    assert services.balance(dossier).outstanding_vnd == 0
    # VNPAY repeats an IPN until it gets an answer it understands: the repeat changes nothing.
    assert ipn(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert Payment.objects.get(pk=payment.pk).paid_at == payment.paid_at
    assert AuditEntry.objects.filter(object_type="payments.Payment", object_id=str(payment.pk)).count() == 2


def test_a_tampered_ipn_is_refused_with_97(citizen, client, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    tampered = {**ipn_params(payment, gateway_settings), "vnp_Amount": "100"}
    assert ipn(client, tampered) == {"RspCode": "97", "Message": "Invalid signature"}
    gateway_settings.PAYMENT_VNPAY_HASH_SECRET = "the attacker's guess"
    forged = ipn_params(payment, gateway_settings)
    gateway_settings.PAYMENT_VNPAY_HASH_SECRET = SECRET
    assert ipn(client, forged)["RspCode"] == "97"
    assert (
        ipn(client, {k: v for k, v in ipn_params(payment, gateway_settings).items() if k != "vnp_SecureHash"})[
            "RspCode"
        ]
        == "97"
    )
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_a_signed_ipn_with_another_amount_is_refused_with_04(citizen, client, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    assert ipn(client, ipn_params(payment, gateway_settings, amount_vnd=1000)) == {
        "RspCode": "04",
        "Message": "Invalid amount",
    }
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_an_ipn_for_an_unknown_order_answers_01(citizen, client, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    assert ipn(client, ipn_params(payment, gateway_settings, reference="TT000000XXXXXX"))["RspCode"] == "01"
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_a_cancelled_payment_is_recorded_and_a_new_one_can_start(citizen, client, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    assert ipn(client, ipn_params(payment, gateway_settings, response="24", status="02"))["RspCode"] == "00"
    assert Payment.objects.get(pk=payment.pk).status == "cancelled"
    again, _ = start_online(citizen, dossier)
    assert again.pk != payment.pk and again.amount_vnd == TOTAL_VND


def test_an_online_payment_in_progress_holds_its_amount_until_it_expires(citizen, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    desk = User.objects.get(username="tiepnhan.hongvan")
    with pytest.raises(ValidationError, match=payment.reference):
        services.record_cash(desk, dossier, TOTAL_VND)
    later = timezone.now() + datetime.timedelta(minutes=16)
    cash = services.record_cash(desk, dossier, TOTAL_VND, at=later)
    assert cash.status == "paid"
    assert Payment.objects.get(pk=payment.pk).status == "cancelled"
    # The gateway's late answer cannot make the dossier paid twice.
    assert services.apply_callback(vnpay_gateway().verify(ipn_params(payment, gateway_settings))).value == (
        "already_confirmed"
    )
    assert services.balance(dossier).paid_vnd == TOTAL_VND


def vnpay_gateway():
    return vnpay.VnpayGateway()


# -- the browser's return ---------------------------------------------------------------------------------------


def test_the_browser_return_never_marks_a_payment_paid(citizen, dossier, gateway_settings):
    payment, _ = start_online(citizen, dossier)
    response = citizen.get(reverse("portal:payment-return"), ipn_params(payment, gateway_settings), follow=True)
    assert response.status_code == 200
    assert "đang chờ xác nhận" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    tampered = {**ipn_params(payment, gateway_settings), "vnp_ResponseCode": "24"}
    assert citizen.get(reverse("portal:payment-return"), tampered).status_code == 400


# -- the sandbox ------------------------------------------------------------------------------------------------


@pytest.fixture
def ipn_through_test_client(monkeypatch, client):
    """The sandbox's server-to-server call goes through a separate Django test client (no session): the same IPN
    view and protocol as the real HTTP call, which the browser test makes against a live server."""
    from django.test import Client

    gateway_server = Client()
    answers = []

    def call_ipn(url, params):
        response = gateway_server.get(urlsplit(url).path, params)
        answers.append(response.json())
        return answers[-1]

    monkeypatch.setattr(sandbox, "call_ipn", call_ipn)
    return answers


def test_the_sandbox_pays_calls_the_ipn_and_returns_signed(citizen, dossier, ipn_through_test_client):
    response = citizen.post(reverse("portal:payment-online", args=[dossier.pk]))
    page = citizen.get(response["Location"])
    assert page.status_code == 200
    assert "70.000 đồng" in page.content.decode()
    order = page.context["order_query"]
    back = citizen.post(reverse("payments-sandbox-pay"), {"order": order, "decision": "pay"})
    assert ipn_through_test_client == [{"RspCode": "00", "Message": "Confirm Success"}]
    returned = urlsplit(back["Location"])
    assert returned.path == reverse("portal:payment-return")
    assert vnpay.signature_matches(dict(parse_qsl(returned.query)), SECRET)
    final = citizen.get(back["Location"], follow=True)
    assert "Thanh toán thành công" in final.content.decode()
    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == "paid" and payment.method == "gateway"


def test_the_sandbox_cancel_button_cancels(citizen, dossier, ipn_through_test_client):
    response = citizen.post(reverse("portal:payment-online", args=[dossier.pk]))
    order = urlsplit(response["Location"]).query
    back = citizen.post(reverse("payments-sandbox-pay"), {"order": order, "decision": "cancel"})
    assert ipn_through_test_client[0]["RspCode"] == "00"
    final = citizen.get(back["Location"], follow=True)
    assert "Bạn đã hủy giao dịch" in final.content.decode()
    assert Payment.objects.get(dossier=dossier).status == "cancelled"


def test_the_sandbox_refuses_a_tampered_or_expired_order(citizen, dossier, gateway_settings):
    response = citizen.post(reverse("portal:payment-online", args=[dossier.pk]))
    params = dict(parse_qsl(urlsplit(response["Location"]).query))
    cheaper = {**params, "vnp_Amount": "100"}
    page = citizen.get(reverse("payments-sandbox-pay"), cheaper)
    assert page.status_code == 400 and "Chữ ký không hợp lệ" in page.content.decode()
    refused = citizen.post(
        reverse("payments-sandbox-pay"), {"order": vnpay.canonical_query(cheaper), "decision": "pay"}
    )
    assert refused.status_code == 400
    expired = {k: v for k, v in params.items() if k != "vnp_SecureHash"}
    expired["vnp_ExpireDate"] = vnpay.format_time(timezone.now() - datetime.timedelta(minutes=1))
    assert "quá thời gian" in citizen.get(reverse("payments-sandbox-pay"), signed(expired, SECRET)).content.decode()
    assert Payment.objects.get(dossier=dossier).status == "pending"


def test_the_sandbox_is_off_unless_configured(citizen, dossier, gateway_settings):
    gateway_settings.PAYMENT_SANDBOX = False
    assert citizen.get(reverse("payments-sandbox-pay")).status_code == 404


def test_a_stopped_dossier_cannot_be_paid_online(citizen, dossier):
    from motcua.dossiers import lifecycle

    lifecycle.stop(User.objects.get(username="tiepnhan.hongvan"), dossier, reason="Người nộp rút hồ sơ")
    page = citizen.get(reverse("portal:payment-start", args=[dossier.pk]))
    assert "nên chưa thể thanh toán" in page.content.decode()
    assert "Thanh toán trực tuyến</button>" not in page.content.decode()
    refused = citizen.post(reverse("portal:payment-online", args=[dossier.pk]), follow=True)
    assert "không nhận thanh toán" in refused.content.decode()
    assert not Payment.objects.exists()
