"""Shared set-up of the payment and tracking tests (no tests here): a dossier of the demo citizen with fees, and
the sandbox merchant's signing helpers."""

import dataclasses

from dossier_helpers import PERSON, intake, user
from motcua.catalog.models import FeeItem
from motcua.dossiers import lifecycle
from motcua.payments.gateways import vnpay

FEE_VND = 50_000
CHARGE_VND = 20_000
TOTAL_VND = FEE_VND + CHARGE_VND


def dossier_with_fees(
    code: str = "1.002211", fees=(("fee", "Phí thẩm định", FEE_VND), ("charge", "Lệ phí", CHARGE_VND))
):
    """A dossier of the demo citizen's account, accepted at Hồng Vân's centre, owing the given fees."""
    version = intake(code).method.version
    for order, (kind, name, amount) in enumerate(fees):
        FeeItem.objects.create(version=version, order=order, kind=kind, name=name, amount_vnd=amount)
    applicant = dataclasses.replace(PERSON, user=user("congdan"))
    return lifecycle.accept(user("tiepnhan.hongvan"), intake(code, applicant=applicant))


def signed(params: dict, secret: str) -> dict:
    return {**params, "vnp_SecureHash": vnpay.sign(params, secret)}


def ipn_params(payment, settings, *, amount_vnd=None, response="00", status="00", reference=None) -> dict:
    """What VNPAY sends to the IPN for `payment`, signed with the merchant's secret."""
    params = {
        "vnp_Amount": str((payment.amount_vnd if amount_vnd is None else amount_vnd) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14271027",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Nop phi le phi",
        "vnp_PayDate": "20261125103000",
        "vnp_ResponseCode": response,
        "vnp_TmnCode": settings.PAYMENT_VNPAY_TMN_CODE,
        "vnp_TransactionNo": "14271027",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": reference or payment.reference,
    }
    return signed(params, settings.PAYMENT_VNPAY_HASH_SECRET)
