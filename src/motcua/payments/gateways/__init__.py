"""Payment gateway plugins (cổng thanh toán trực tuyến): one interface, one active gateway chosen by settings.

settings.PAYMENT_GATEWAY names the class (a dotted path, like the notification channels); any class implementing
PaymentGateway plugs in. The gateway only speaks its protocol: it builds the signed address the citizen is sent to,
verifies what comes back, and words the answer to the server-to-server callback. Whether a payment counts as paid
is decided by motcua.payments.services, from the verified callback only.
"""

import datetime
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class InvalidSignature(Exception):
    """The callback's signature does not match its content (tampered, or signed with another secret)."""


class CallbackOutcome(Enum):
    """What the service made of a verified callback; each gateway words it in its own protocol."""

    CONFIRMED = "confirmed"
    NOT_FOUND = "not_found"
    ALREADY_CONFIRMED = "already_confirmed"
    WRONG_AMOUNT = "wrong_amount"
    BAD_SIGNATURE = "bad_signature"
    ERROR = "error"


@dataclass(frozen=True)
class CallbackData:
    """A verified result from the gateway (return address or server-to-server callback)."""

    reference: str
    amount_vnd: int | None
    success: bool
    cancelled_by_payer: bool = False
    transaction: str = ""
    bank_code: str = ""
    paid_at: datetime.datetime | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentOrder:
    """What the gateway needs to know about the payment it is asked to collect."""

    reference: str
    amount_vnd: int
    description: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    client_ip: str
    return_url: str


class PaymentGateway(ABC):
    #: Stored on the payment (Payment.gateway).
    name: str

    @abstractmethod
    def payment_url(self, order: PaymentOrder) -> str:
        """The signed address of the gateway's payment page for this order."""

    @abstractmethod
    def verify(self, params: Mapping[str, str]) -> CallbackData:
        """The callback's data once its signature is checked; raises InvalidSignature otherwise."""

    @abstractmethod
    def callback_answer(self, outcome: CallbackOutcome) -> dict:
        """The JSON body the gateway expects in answer to its server-to-server callback."""


@cache
def _gateway_class(path: str) -> type[PaymentGateway]:
    return import_string(path)


def active_gateway() -> PaymentGateway:
    """The gateway configured by settings.PAYMENT_GATEWAY, built with the current settings."""
    return _gateway_class(settings.PAYMENT_GATEWAY)()
