"""The local sandbox gateway (cổng thanh toán thử nghiệm): plays VNPAY's side of the 2.1.0 protocol on this site.

It checks the merchant's signed order exactly as VNPAY does (signature, terminal code, version, command, amount,
expiry), lets the tester pay or cancel, then signs the result with the same secret, calls the merchant's IPN
address server to server and sends the browser back to the return address. It is served only when
settings.PAYMENT_SANDBOX is on (development and demos). docs/payments.md explains how tests reach the IPN.
"""

import json
import secrets
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from motcua.payments.gateways.vnpay import (
    VERSION,
    amount_from,
    canonical_query,
    format_time,
    parse_time,
    sign,
    signature_matches,
)

IPN_TIMEOUT_SECONDS = 10
REQUIRED = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_TxnRef",
    "vnp_OrderInfo",
    "vnp_ReturnUrl",
    "vnp_CreateDate",
)


class OrderRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SandboxOrder:
    params: dict[str, str]
    amount_vnd: int

    @property
    def reference(self) -> str:
        return self.params["vnp_TxnRef"]

    @property
    def description(self) -> str:
        return self.params["vnp_OrderInfo"]


def check_order(params: Mapping[str, str], now=None) -> SandboxOrder:
    """The merchant's order as VNPAY would accept it; OrderRefused with the reason otherwise."""
    now = now or timezone.now()
    fields = {key: params[key] for key in params if key.startswith("vnp_")}
    if not signature_matches(fields, settings.PAYMENT_VNPAY_HASH_SECRET):
        raise OrderRefused(gettext("Chữ ký không hợp lệ (mã lỗi 97)."))
    missing = [key for key in REQUIRED if not fields.get(key)]
    if missing:
        raise OrderRefused(gettext("Thiếu tham số: %(names)s.") % {"names": ", ".join(missing)})
    if fields["vnp_TmnCode"] != settings.PAYMENT_VNPAY_TMN_CODE:
        raise OrderRefused(gettext("Mã website (vnp_TmnCode) không tồn tại."))
    if fields["vnp_Version"] != VERSION or fields["vnp_Command"] != "pay":
        raise OrderRefused(gettext("Phiên bản hoặc lệnh không được hỗ trợ."))
    amount = amount_from(fields["vnp_Amount"])
    if not amount:
        raise OrderRefused(gettext("Số tiền không hợp lệ."))
    expires = parse_time(fields.get("vnp_ExpireDate", ""))
    if expires is not None and expires < now:
        raise OrderRefused(gettext("Giao dịch đã quá thời gian chờ thanh toán (mã lỗi 15)."))
    fields.pop("vnp_SecureHash", None)
    fields.pop("vnp_SecureHashType", None)
    return SandboxOrder(fields, amount)


def result_params(order: SandboxOrder, *, paid: bool, now=None) -> dict[str, str]:
    """The signed result VNPAY sends to both the return address and the IPN address."""
    now = now or timezone.now()
    result = {
        "vnp_Amount": order.params["vnp_Amount"],
        "vnp_BankCode": "NCB" if paid else "VNPAY",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order.description,
        "vnp_PayDate": format_time(now),
        "vnp_ResponseCode": "00" if paid else "24",
        "vnp_TmnCode": order.params["vnp_TmnCode"],
        "vnp_TransactionNo": f"{secrets.randbelow(10**8):08d}" if paid else "0",
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TxnRef": order.reference,
    }
    if paid:
        result["vnp_BankTranNo"] = f"VNP{result['vnp_TransactionNo']}"
    result["vnp_SecureHash"] = sign(result, settings.PAYMENT_VNPAY_HASH_SECRET)
    return result


def call_ipn(url: str, params: Mapping[str, str]) -> dict:
    """VNPAY's server-to-server call: GET <IPN address>?<signed result>; the merchant answers JSON."""
    with urllib.request.urlopen(f"{url}?{canonical_query(params)}", timeout=IPN_TIMEOUT_SECONDS) as response:
        return json.loads(response.read().decode())


def return_address(order: SandboxOrder, params: Mapping[str, str]) -> str:
    url = order.params["vnp_ReturnUrl"]
    return f"{url}{'&' if '?' in url else '?'}{canonical_query(params)}"
