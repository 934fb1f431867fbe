"""VNPAY payment gateway, protocol version 2.1.0 (cổng thanh toán VNPAY).

The merchant sends the citizen to VNPAY's payment page with `vnp_*` parameters; `vnp_SecureHash` is the
HMAC-SHA512, under the merchant's secret, of the parameters sorted by name and URL-encoded as PHP's urlencode does
(`key=value` joined by `&`, spaces as `+`). VNPAY answers twice with parameters signed the same way: the browser is
redirected to the return address (shown to the citizen, never trusted to mark a payment paid), and VNPAY's server
calls the merchant's IPN address and expects JSON `{"RspCode": ..., "Message": ...}`: "00" confirmed, "01" order
not found, "02" order already confirmed, "04" invalid amount, "97" invalid signature, "99" unknown error.
Amounts travel in hundredths of a đồng (`vnp_Amount` = VND × 100); times as yyyyMMddHHmmss in GMT+7.
"""

import datetime
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from motcua.payments.gateways import (
    CallbackData,
    CallbackOutcome,
    InvalidSignature,
    PaymentGateway,
    PaymentOrder,
)

VERSION = "2.1.0"
GMT7 = ZoneInfo("Asia/Ho_Chi_Minh")
TIME_FORMAT = "%Y%m%d%H%M%S"
HASH_FIELDS_EXCLUDED = ("vnp_SecureHash", "vnp_SecureHashType")
SUCCESS = "00"
CANCELLED_BY_PAYER = "24"
ANSWERS = {
    CallbackOutcome.CONFIRMED: ("00", "Confirm Success"),
    CallbackOutcome.NOT_FOUND: ("01", "Order not found"),
    CallbackOutcome.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
    CallbackOutcome.WRONG_AMOUNT: ("04", "Invalid amount"),
    CallbackOutcome.BAD_SIGNATURE: ("97", "Invalid signature"),
    CallbackOutcome.ERROR: ("99", "Unknown error"),
}
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9 .,:_-]")


def _encode(value: object) -> str:
    # PHP's urlencode, which VNPAY's reference code uses, also escapes "~" (Python's quote_plus keeps it).
    return quote_plus(str(value), safe="").replace("~", "%7E")


def canonical_query(params: Mapping[str, object]) -> str:
    """The parameters sorted by name and URL-encoded: both the signed text and the query string sent."""
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in sorted(params.items()))


def sign(params: Mapping[str, object], secret: str) -> str:
    return hmac.new(secret.encode(), canonical_query(params).encode(), hashlib.sha512).hexdigest()


def signed_fields(params: Mapping[str, str]) -> dict[str, str]:
    """The `vnp_*` fields a signature covers (every one except the signature itself)."""
    return {k: v for k, v in params.items() if k.startswith("vnp_") and k not in HASH_FIELDS_EXCLUDED}


def signature_matches(params: Mapping[str, str], secret: str) -> bool:
    given = params.get("vnp_SecureHash", "")
    return bool(given) and hmac.compare_digest(sign(signed_fields(params), secret), given.lower())


def format_time(value: datetime.datetime) -> str:
    return value.astimezone(GMT7).strftime(TIME_FORMAT)


def parse_time(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(value, TIME_FORMAT).replace(tzinfo=GMT7)
    except ValueError:
        return None


def plain_text(text: str, limit: int = 255) -> str:
    """Vietnamese without diacritics or special characters, as VNPAY asks for vnp_OrderInfo."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _NOT_PLAIN.sub(" ", stripped)[:limit].strip()


def amount_from(value: str) -> int | None:
    """VND from vnp_Amount (hundredths); None when it is not a whole number of đồng."""
    if not value.isdigit() or int(value) % 100:
        return None
    return int(value) // 100


class VnpayGateway(PaymentGateway):
    name = "vnpay"

    def __init__(self):
        self.tmn_code = settings.PAYMENT_VNPAY_TMN_CODE
        self.secret = settings.PAYMENT_VNPAY_HASH_SECRET
        self.url = settings.PAYMENT_VNPAY_URL
        if not self.url and settings.PAYMENT_SANDBOX:
            self.url = reverse("payments-sandbox-pay")
        if not (self.url and self.tmn_code and self.secret):
            raise ImproperlyConfigured(
                "VNPAY needs MOTCUA_VNPAY_URL, MOTCUA_VNPAY_TMN_CODE and MOTCUA_VNPAY_HASH_SECRET "
                "(or MOTCUA_PAYMENT_SANDBOX=true in development)."
            )

    def order_params(self, order: PaymentOrder) -> dict[str, str]:
        return {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(order.amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.reference,
            "vnp_OrderInfo": plain_text(order.description),
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_ip or "127.0.0.1",
            "vnp_CreateDate": format_time(order.created_at),
            "vnp_ExpireDate": format_time(order.expires_at),
        }

    def payment_url(self, order: PaymentOrder) -> str:
        params = self.order_params(order)
        return f"{self.url}?{canonical_query(params)}&vnp_SecureHash={sign(params, self.secret)}"

    def verify(self, params: Mapping[str, str]) -> CallbackData:
        if not signature_matches(params, self.secret) or params.get("vnp_TmnCode") != self.tmn_code:
            raise InvalidSignature
        response = params.get("vnp_ResponseCode", "")
        return CallbackData(
            reference=params.get("vnp_TxnRef", ""),
            amount_vnd=amount_from(params.get("vnp_Amount", "")),
            success=response == SUCCESS and params.get("vnp_TransactionStatus") == SUCCESS,
            cancelled_by_payer=response == CANCELLED_BY_PAYER,
            transaction=params.get("vnp_TransactionNo", "")[:40],
            bank_code=params.get("vnp_BankCode", "")[:20],
            paid_at=parse_time(params.get("vnp_PayDate", "")),
            raw=signed_fields(params),
        )

    def callback_answer(self, outcome: CallbackOutcome) -> dict:
        code, message = ANSWERS[outcome]
        return {"RspCode": code, "Message": message}
