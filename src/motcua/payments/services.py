"""Paying a dossier's fees and charges (nộp phí, lệ phí; Decree 118/2025 Art. 24): the only writer of payments.

What is owed is the dossier's DossierFee rows (copied from the procedure at acceptance); what is still due is that
total minus what is paid, and never less than zero: no payment may exceed it. Three ways in:
- cash at the desk (tiền mặt), recorded by a receiving officer of the receiving agency, paid at once;
- bank transfer (chuyển khoản): a reference the payer writes in the transfer note, confirmed by an officer who
  sees the money on the account;
- online through the active payment gateway (motcua.payments.gateways): a pending payment whose amount is held
  back from what others may pay until it expires (settings.PAYMENT_EXPIRE_MINUTES), because the gateway takes the
  money without anybody checking; only the gateway's verified server-to-server callback marks it paid.
Every recording locks the dossier row (read only, never written here) so two payments of one dossier are
counted one after the other; a callback locks its payment row, so a repeated callback finds it already settled.
Every change of a payment is in the audit log (motcua.core.audit.track_changes, see apps.py).
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from motcua.dossiers.models import Dossier, DossierFee, State
from motcua.dossiers.permissions import Standing
from motcua.payments.gateways import CallbackData, CallbackOutcome, PaymentOrder, active_gateway
from motcua.payments.models import Payment

Method, Status = Payment.Method, Payment.Status
# No fee can be collected before acceptance (the fees are copied then) nor for a dossier that was stopped or closed.
NOT_PAYABLE_STATES = (State.SUBMITTED, State.INTAKE_SUPPLEMENT, State.INTAKE_REFUSED, State.STOPPED, State.CLOSED)
# Letters and digits nobody confuses when copying a reference into a transfer note (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = {Method.CASH: "TM", Method.TRANSFER: "CK", Method.GATEWAY: "TT"}


@dataclass(frozen=True)
class Balance:
    """The dossier's fees and what is left to pay (số còn phải nộp), in whole đồng."""

    fees: list[DossierFee]
    total_vnd: int
    paid_vnd: int
    # Online payments started and not yet expired: the gateway may still take this money.
    held_vnd: int

    @property
    def outstanding_vnd(self) -> int:
        return max(self.total_vnd - self.paid_vnd, 0)

    @property
    def due_vnd(self) -> int:
        """What may be paid now without risking paying twice."""
        return max(self.total_vnd - self.paid_vnd - self.held_vnd, 0)

    @property
    def settled(self) -> bool:
        return self.total_vnd > 0 and self.outstanding_vnd == 0


def expiry_of(payment: Payment) -> datetime.datetime:
    return payment.created_at + datetime.timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)


def _held(dossier: Dossier, now: datetime.datetime):
    oldest_live = now - datetime.timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)
    return Payment.objects.filter(
        dossier=dossier, method=Method.GATEWAY, status=Status.PENDING, created_at__gt=oldest_live
    )


def balance(dossier: Dossier, now: datetime.datetime | None = None) -> Balance:
    now = now or timezone.now()
    fees = list(dossier.fees.all())
    paid = dossier.payments.filter(status=Status.PAID).aggregate(total=Sum("amount_vnd"))["total"] or 0
    held = _held(dossier, now).aggregate(total=Sum("amount_vnd"))["total"] or 0
    return Balance(fees=fees, total_vnd=sum(fee.amount_vnd for fee in fees), paid_vnd=paid, held_vnd=held)


def new_reference(method: str, at: datetime.datetime) -> str:
    """`CK261125X7K9QP`: the way of paying, the local date, six random characters (unique by the database)."""
    random_part = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{REFERENCE_PREFIX[method]}{timezone.localtime(at):%y%m%d}{random_part}"


def is_desk_officer(user, dossier: Dossier) -> bool:
    """A receiving officer (cán bộ tiếp nhận) of the agency that received the dossier."""
    return Standing(user, dossier).desk


def is_payer(user, dossier: Dossier) -> bool:
    """The dossier's own applicant, by their account (only they pay online)."""
    return user.is_authenticated and user.is_active and user.is_applicant and dossier.applicant_user_id == user.pk


def _require_desk(user, dossier: Dossier) -> None:
    if not is_desk_officer(user, dossier):
        raise PermissionDenied(
            gettext("Chỉ cán bộ tiếp nhận của %(agency)s được ghi nhận thanh toán.")
            % {"agency": dossier.receiving_agency}
        )


def _require_payer(user, dossier: Dossier) -> None:
    if not is_payer(user, dossier):
        raise PermissionDenied(gettext("Chỉ người nộp hồ sơ được thanh toán phí, lệ phí của hồ sơ này."))


def is_payable(dossier: Dossier) -> bool:
    return dossier.state not in NOT_PAYABLE_STATES


def _lock(dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update().select_related("receiving_agency").get(pk=dossier.pk)
    if not is_payable(locked):
        raise ValidationError(
            gettext("Hồ sơ đang ở trạng thái «%(state)s» nên không nhận thanh toán.")
            % {"state": locked.get_state_display()}
        )
    return locked


def _release_expired(dossier: Dossier, now: datetime.datetime) -> None:
    """Online payments left unfinished past their expiry stop holding money back (the gateway refuses them too)."""
    oldest_live = now - datetime.timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)
    stale = Payment.objects.select_for_update().filter(
        dossier=dossier, method=Method.GATEWAY, status=Status.PENDING, created_at__lte=oldest_live
    )
    for payment in stale:
        payment.status = Status.CANCELLED
        payment.note = gettext("Hết hạn thanh toán trực tuyến.")
        payment.save(update_fields=["status", "note"])


def _nothing_due(dossier: Dossier, bal: Balance, now: datetime.datetime) -> ValidationError:
    held = _held(dossier, now).order_by("-created_at").first()
    if held is not None:
        return ValidationError(
            gettext(
                "Đang có giao dịch thanh toán trực tuyến %(reference)s chờ kết quả đến %(time)s; "
                "hãy chờ kết quả rồi thử lại."
            )
            % {"reference": held.reference, "time": date_format(timezone.localtime(expiry_of(held)), "H:i d/m/Y")}
        )
    if bal.total_vnd == 0:
        return ValidationError(gettext("Hồ sơ này không có khoản phí, lệ phí nào phải nộp."))
    return ValidationError(gettext("Hồ sơ đã nộp đủ phí, lệ phí."))


def record_cash(officer, dossier: Dossier, amount_vnd: int, *, note: str = "", at=None) -> Payment:
    """Cash paid at the desk (thu tiền mặt), recorded by the receiving officer who took it."""
    at = at or timezone.now()
    _require_desk(officer, dossier)
    with transaction.atomic():
        locked = _lock(dossier)
        _release_expired(locked, at)
        bal = balance(locked, at)
        if bal.due_vnd == 0:
            raise _nothing_due(locked, bal, at)
        if amount_vnd <= 0 or amount_vnd > bal.due_vnd:
            raise ValidationError(
                {
                    "amount_vnd": gettext("Số tiền phải từ 1 đến %(due)s đồng (số còn phải nộp).")
                    % {"due": f"{bal.due_vnd:,}".replace(",", ".")}
                }
            )
        return Payment.objects.create(
            dossier=locked,
            amount_vnd=amount_vnd,
            method=Method.CASH,
            status=Status.PAID,
            reference=new_reference(Method.CASH, at),
            created_at=at,
            paid_at=at,
            recorded_by=officer,
            note=note.strip()[:300],
        )


def request_transfer(user, dossier: Dossier, *, at=None) -> Payment:
    """The reference to write in the transfer note (nội dung chuyển khoản) for what is still due.

    Asked by the applicant or by a desk officer for them; one pending transfer per dossier, renewed when the
    amount due has changed since."""
    at = at or timezone.now()
    if not (is_payer(user, dossier) or is_desk_officer(user, dossier)):
        raise PermissionDenied(gettext("Chỉ người nộp hồ sơ hoặc cán bộ tiếp nhận được tạo mã chuyển khoản."))
    with transaction.atomic():
        locked = _lock(dossier)
        _release_expired(locked, at)
        bal = balance(locked, at)
        if bal.due_vnd == 0:
            raise _nothing_due(locked, bal, at)
        pending = Payment.objects.select_for_update().filter(
            dossier=locked, method=Method.TRANSFER, status=Status.PENDING
        )
        for payment in pending:
            if payment.amount_vnd == bal.due_vnd:
                return payment
            payment.status = Status.CANCELLED
            payment.note = gettext("Thay bằng mã chuyển khoản mới vì số tiền còn phải nộp đã thay đổi.")
            payment.save(update_fields=["status", "note"])
        return Payment.objects.create(
            dossier=locked,
            amount_vnd=bal.due_vnd,
            method=Method.TRANSFER,
            status=Status.PENDING,
            reference=new_reference(Method.TRANSFER, at),
            created_at=at,
        )


def _locked_payment(payment: Payment, method: str) -> Payment:
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.method != method or locked.status != Status.PENDING:
        raise ValidationError(
            gettext("Khoản %(reference)s không còn chờ xác nhận («%(status)s»).")
            % {"reference": locked.reference, "status": locked.get_status_display()}
        )
    return locked


def confirm_transfer(officer, payment: Payment, *, at=None) -> Payment:
    """The officer saw the transfer with this reference arrive on the account (xác nhận đã nhận chuyển khoản)."""
    at = at or timezone.now()
    _require_desk(officer, payment.dossier)
    with transaction.atomic():
        locked_dossier = _lock(payment.dossier)
        _release_expired(locked_dossier, at)
        locked = _locked_payment(payment, Method.TRANSFER)
        bal = balance(locked_dossier, at)
        if locked.amount_vnd > bal.due_vnd:
            raise ValidationError(
                gettext(
                    "Số tiền của mã %(reference)s (%(amount)s đồng) lớn hơn số còn phải nộp (%(due)s đồng); "
                    "hãy hủy mã này và hoàn lại phần thừa cho người nộp."
                )
                % {
                    "reference": locked.reference,
                    "amount": f"{locked.amount_vnd:,}".replace(",", "."),
                    "due": f"{bal.due_vnd:,}".replace(",", "."),
                }
            )
        locked.status, locked.paid_at, locked.recorded_by = Status.PAID, at, officer
        locked.save(update_fields=["status", "paid_at", "recorded_by"])
        return locked


def cancel_transfer(officer, payment: Payment, *, reason: str) -> Payment:
    """A transfer reference that will not be paid (or was paid otherwise) is cancelled, with the reason."""
    _require_desk(officer, payment.dossier)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Hãy ghi lý do hủy.")})
    with transaction.atomic():
        locked = _locked_payment(payment, Method.TRANSFER)
        locked.status, locked.recorded_by, locked.note = Status.CANCELLED, officer, reason[:300]
        locked.save(update_fields=["status", "recorded_by", "note"])
        return locked


@dataclass(frozen=True)
class OnlineStart:
    payment: Payment
    redirect_url: str


def start_online_payment(user, dossier: Dossier, *, client_ip: str, return_url: str, at=None) -> OnlineStart:
    """Send the applicant to the gateway for what is due; an unfinished online payment is resumed, not doubled."""
    at = at or timezone.now()
    _require_payer(user, dossier)
    gateway = active_gateway()
    with transaction.atomic():
        locked = _lock(dossier)
        _release_expired(locked, at)
        payment = _held(locked, at).order_by("-created_at").first()
        if payment is None:
            bal = balance(locked, at)
            if bal.due_vnd == 0:
                raise _nothing_due(locked, bal, at)
            payment = Payment.objects.create(
                dossier=locked,
                amount_vnd=bal.due_vnd,
                method=Method.GATEWAY,
                status=Status.PENDING,
                reference=new_reference(Method.GATEWAY, at),
                created_at=at,
                gateway=gateway.name,
            )
    order = PaymentOrder(
        reference=payment.reference,
        amount_vnd=payment.amount_vnd,
        description=gettext("Nộp phí, lệ phí hồ sơ %(code)s") % {"code": dossier.code},
        created_at=payment.created_at,
        expires_at=expiry_of(payment),
        client_ip=client_ip,
        return_url=return_url,
    )
    return OnlineStart(payment, gateway.payment_url(order))


def apply_callback(data: CallbackData, *, now=None) -> CallbackOutcome:
    """The gateway's verified server-to-server callback (IPN): the one thing that marks an online payment paid.

    Checks, in the gateway's documented order: the order exists, the amount is the order's, the order is still
    pending (a repeated or late callback changes nothing and is answered "already confirmed")."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(reference=data.reference, method=Method.GATEWAY).first()
        if payment is None:
            return CallbackOutcome.NOT_FOUND
        if data.amount_vnd != payment.amount_vnd:
            return CallbackOutcome.WRONG_AMOUNT
        if payment.status != Status.PENDING:
            return CallbackOutcome.ALREADY_CONFIRMED
        payment.gateway_response = data.raw
        payment.gateway_transaction, payment.bank_code = data.transaction, data.bank_code
        if data.success:
            payment.status, payment.paid_at = Status.PAID, data.paid_at or now
        elif data.cancelled_by_payer:
            payment.status, payment.note = Status.CANCELLED, gettext("Người nộp hủy giao dịch.")
        else:
            payment.status, payment.note = Status.FAILED, gettext("Cổng thanh toán báo giao dịch không thành công.")
        payment.save()
    return CallbackOutcome.CONFIRMED
