"""Demo payments (dữ liệu mẫu): the fees of the demo dossiers paid the ways citizens pay, through the services.

Online filings by the demo citizen are all paid online (the gateway's confirmation is applied as the IPN would),
most paper filings in cash at the desk when accepted, a few wait for a bank transfer, some are not paid yet.
Deterministic for a given set of demo dossiers, and done once.
"""

import datetime
import random

from motcua.dossiers.models import Dossier
from motcua.payments import services
from motcua.payments.gateways import CallbackData
from motcua.payments.models import Payment

SEED = 2026
TRANSFER_SHARE = 0.15
UNPAID_SHARE = 0.1
ONLINE_DELAY = datetime.timedelta(hours=2)
PAY_TIME = datetime.timedelta(minutes=3)


def seed_payments(progress=lambda _message: None) -> int:
    """Pay the fees of the accepted demo dossiers; returns the number of payments made (0 when some exist)."""
    if Payment.objects.exists():
        progress("Đã có thanh toán: bỏ qua việc tạo thanh toán mẫu.")
        return 0
    rng = random.Random(SEED)
    dossiers = (
        Dossier.objects.filter(fees__isnull=False, received_by__isnull=False)
        .exclude(state__in=services.NOT_PAYABLE_STATES)
        .select_related("received_by", "applicant_user")
        .distinct()
        .order_by("received_at", "pk")
    )
    made = 0
    for dossier in dossiers:
        draw = rng.random()
        # Every online filing is paid online: the demo's few of them must show that way of paying whatever the
        # draws (which dossiers the demo holds depends on the day it is made).
        if dossier.applicant_user is not None and dossier.channel == "online":
            _pay_online(dossier)
        elif draw < UNPAID_SHARE:
            continue
        elif draw < UNPAID_SHARE + TRANSFER_SHARE:
            services.request_transfer(dossier.received_by, dossier, at=dossier.received_at)
        else:
            due = services.balance(dossier, dossier.received_at).due_vnd
            services.record_cash(dossier.received_by, dossier, due, at=dossier.received_at)
        made += 1
    progress(f"Đã tạo {made} thanh toán mẫu.")
    return made


def _pay_online(dossier: Dossier) -> None:
    started = dossier.received_at + ONLINE_DELAY
    start = services.start_online_payment(
        dossier.applicant_user, dossier, client_ip="127.0.0.1", return_url="http://127.0.0.1/", at=started
    )
    confirmation = CallbackData(
        reference=start.payment.reference,
        amount_vnd=start.payment.amount_vnd,
        success=True,
        transaction=f"{dossier.pk:08d}",
        bank_code="NCB",
        paid_at=started + PAY_TIME,
    )
    services.apply_callback(confirmation, now=started + PAY_TIME)
