"""Citizen payment pages (thanh toán phí, lệ phí): what a dossier owes, paying online or by transfer, receipts,
and the gateway's two answers — the browser's return (shown, never trusted) and the server-to-server IPN.

Only the dossier's own applicant reaches its pages; anybody else gets a 404, as for a dossier that does not exist.
The rules are motcua.payments.services; these views only show and call them.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.decorators import verified_login_required
from motcua.core.paging import paginate
from motcua.dossiers.models import Dossier
from motcua.payments import receipts, services
from motcua.payments.gateways import CallbackOutcome, InvalidSignature, active_gateway
from motcua.payments.models import Payment
from motcua.portal.submission_views import applicant_required

logger = logging.getLogger(__name__)
STATUS_REFUSED = 400
PAGE_SIZE = 20


def _own_dossier(user, pk: int) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("version", "receiving_agency"), pk=pk)
    if not services.is_payer(user, dossier):
        raise Http404
    return dossier


def _own_payment(user, reference: str) -> Payment:
    payment = get_object_or_404(Payment.objects.select_related("dossier__version"), reference=reference)
    if not services.is_payer(user, payment.dossier):
        raise Http404
    return payment


def _allow_gateway_form_action(response: HttpResponse) -> HttpResponse:
    """The pay button's POST is answered by a redirect to the gateway: browsers check that redirect against the
    page's form-action, so the gateway's origin is added to it when the gateway is another site."""
    parts = urlsplit(settings.PAYMENT_VNPAY_URL)
    if parts.scheme and parts.netloc:
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [CSP.SELF, f"{parts.scheme}://{parts.netloc}"]
        response._csp_config = policy
    return response


def _error_text(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@never_cache
@applicant_required
@require_GET
def payment_index(request):
    """The applicant's fees across their dossiers (phí, lệ phí của tôi): owed, paid, still due, and where to pay;
    then their latest payments. Only dossiers with fees are listed (fees are fixed at acceptance)."""
    dossiers = (
        Dossier.objects.filter(applicant_user=request.user, fees__isnull=False)
        .distinct()
        .select_related("version")
        .order_by("-submitted_at", "-pk")
    )
    paged = paginate(dossiers, request.GET, "trang", PAGE_SIZE)
    now = timezone.now()
    rows = [
        {"dossier": dossier, "balance": services.balance(dossier, now), "payable": services.is_payable(dossier)}
        for dossier in paged.page.object_list
    ]
    payments = Payment.objects.filter(dossier__applicant_user=request.user).select_related("dossier")
    context = {"paged": paged, "rows": rows, "payments": payments.order_by("-created_at", "-pk")[:PAGE_SIZE]}
    return render(request, "portal/payments/index.html", context)


@verified_login_required
def payment_start(request, pk):
    """The dossier's fees, what is paid and what is due, and the ways to pay."""
    dossier = _own_dossier(request.user, pk)
    bal = services.balance(dossier)
    context = {
        "dossier": dossier,
        "balance": bal,
        "payments": dossier.payments.order_by("-created_at", "-pk"),
        "payable": services.is_payable(dossier),
    }
    return _allow_gateway_form_action(render(request, "portal/payments/start.html", context))


@verified_login_required
@require_POST
def payment_online(request, pk):
    dossier = _own_dossier(request.user, pk)
    try:
        start = services.start_online_payment(
            request.user,
            dossier,
            client_ip=request.META.get("REMOTE_ADDR", ""),
            return_url=request.build_absolute_uri(reverse("portal:payment-return")),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect("portal:payment-start", dossier.pk)
    return redirect(start.redirect_url)


@verified_login_required
@require_POST
def payment_transfer(request, pk):
    dossier = _own_dossier(request.user, pk)
    try:
        payment = services.request_transfer(request.user, dossier)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect("portal:payment-start", dossier.pk)
    return redirect("portal:payment-detail", payment.reference)


@verified_login_required
def payment_detail(request, reference):
    payment = _own_payment(request.user, reference)
    context = {
        "payment": payment,
        "dossier": payment.dossier,
        "bank": {
            "name": settings.PAYMENT_BANK_NAME,
            "account": settings.PAYMENT_BANK_ACCOUNT,
            "holder": settings.PAYMENT_BANK_ACCOUNT_NAME,
        },
    }
    return render(request, "portal/payments/detail.html", context)


@verified_login_required
def payment_receipt(request, reference):
    payment = _own_payment(request.user, reference)
    try:
        content = receipts.render_receipt(payment)
    except receipts.ReceiptNotAvailable as error:
        raise Http404(str(error)) from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, receipts.filename(payment))
    return response


@verified_login_required
@require_GET
def payment_return(request):
    """Where the gateway sends the browser back: the signature is checked, but the payment's state shown is the
    one the server-to-server callback recorded, whatever the address says."""
    try:
        data = active_gateway().verify(request.GET)
    except InvalidSignature:
        return render(request, "portal/payments/return_invalid.html", status=STATUS_REFUSED)
    payment = _own_payment(request.user, data.reference)
    if payment.status == Payment.Status.PAID:
        messages.success(request, gettext("Thanh toán thành công. Cảm ơn bạn."))
    elif payment.status == Payment.Status.PENDING and data.success:
        messages.warning(
            request,
            gettext("Cổng thanh toán báo giao dịch thành công; hệ thống đang chờ xác nhận từ ngân hàng."),
        )
    elif data.cancelled_by_payer:
        messages.warning(request, gettext("Bạn đã hủy giao dịch. Chưa có khoản tiền nào được thu."))
    else:
        messages.error(request, gettext("Giao dịch không thành công. Bạn có thể thanh toán lại."))
    return redirect("portal:payment-detail", payment.reference)


@require_GET
def payment_ipn(request):
    """The gateway's server-to-server callback (IPN): verified, applied once, answered in the gateway's words."""
    gateway = active_gateway()
    try:
        outcome = services.apply_callback(gateway.verify(request.GET))
    except InvalidSignature:
        outcome = CallbackOutcome.BAD_SIGNATURE
    except Exception:
        # The gateway retries on anything but a definite answer; the error is logged for the operators.
        logger.exception("Payment callback failed")
        outcome = CallbackOutcome.ERROR
    return JsonResponse(gateway.callback_answer(outcome))
