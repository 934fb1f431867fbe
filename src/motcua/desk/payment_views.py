"""Staff payment pages (thu phí, lệ phí tại Bộ phận Một cửa): find a dossier or a transfer reference, record cash,
confirm or cancel a bank transfer, print the receipt.

What a user may see is motcua.dossiers.permissions (a dossier outside it is a 404); what they may do is
motcua.payments.services, which allows recording only to receiving officers of the receiving agency. A refused
action shows the page again with the message and what was typed (422 invalid, 403 not allowed).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.decorators import staff_required
from motcua.core.form_errors import show_service_error
from motcua.core.paging import paginate
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import dossiers_of_agencies, visible_dossiers
from motcua.payments import receipts, services
from motcua.payments.models import Payment

PER_PAGE = 25
STATUS_INVALID = 422
STATUS_FORBIDDEN = 403


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mã hồ sơ hoặc mã thanh toán"), max_length=40, required=False)


class CashForm(forms.Form):
    amount_vnd = forms.IntegerField(
        label=_("Số tiền đã thu (đồng)"),
        min_value=1,
        error_messages={
            "required": _("Hãy nhập số tiền đã thu."),
            "invalid": _("Số tiền là số nguyên đồng, không có dấu chấm, phẩy."),
            "min_value": _("Số tiền phải lớn hơn 0."),
        },
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy mã chuyển khoản"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do hủy.")},
    )


def _dossier(user, pk: int) -> Dossier:
    return get_object_or_404(visible_dossiers(user).select_related("version", "receiving_agency"), pk=pk)


def _payment(user, pk: int) -> Payment:
    payment = get_object_or_404(Payment.objects.select_related("dossier"), pk=pk)
    if not visible_dossiers(user).filter(pk=payment.dossier_id).exists():
        raise Http404
    return payment


def _error_text(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _status_for(error: Exception) -> int:
    return STATUS_FORBIDDEN if isinstance(error, PermissionDenied) else STATUS_INVALID


@staff_required
def payment_desk(request):
    """Find a dossier by its code or a payment by its reference; the transfers waiting for confirmation."""
    search = SearchForm(request.GET or None)
    text = search.cleaned_data["q"].strip().upper() if search.is_valid() else ""
    if text:
        found = visible_dossiers(request.user).filter(code=text).first()
        payment = Payment.objects.filter(reference=text, dossier__in=visible_dossiers(request.user)).first()
        if payment is not None:
            found = payment.dossier
        if found is not None:
            return redirect("desk:payment-dossier", found.pk)
        messages.error(request, gettext("Không tìm thấy hồ sơ hoặc mã thanh toán «%(text)s».") % {"text": text})
    waiting = (
        Payment.objects.filter(
            method=Payment.Method.TRANSFER,
            status=Payment.Status.PENDING,
            dossier__in=dossiers_of_agencies(request.user),
        )
        .select_related("dossier")
        .order_by("created_at", "pk")
    )
    paged = paginate(waiting, request.GET, "trang", PER_PAGE)
    return render(request, "desk/payments/desk.html", {"search": search, "paged": paged})


def _render_dossier(request, dossier: Dossier, *, cash_form=None, status: int = 200):
    balance = services.balance(dossier)
    return render(
        request,
        "desk/payments/dossier.html",
        {
            "dossier": dossier,
            "balance": balance,
            "payments": dossier.payments.select_related("recorded_by").order_by("-created_at", "-pk"),
            "can_record": services.is_desk_officer(request.user, dossier),
            "cash_form": cash_form or CashForm(initial={"amount_vnd": balance.due_vnd or None}),
        },
        status=status,
    )


@staff_required
def payment_dossier(request, pk):
    return _render_dossier(request, _dossier(request.user, pk))


@staff_required
@require_POST
def payment_cash(request, pk):
    dossier = _dossier(request.user, pk)
    form = CashForm(request.POST)
    if form.is_valid():
        try:
            payment = services.record_cash(
                request.user, dossier, form.cleaned_data["amount_vnd"], note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                show_service_error(form, error)
            messages.error(request, gettext("Chưa ghi nhận được: %(reason)s") % {"reason": _error_text(error)})
            return _render_dossier(request, dossier, cash_form=form, status=_status_for(error))
        messages.success(
            request, gettext("Đã ghi nhận thu tiền mặt, mã %(reference)s.") % {"reference": payment.reference}
        )
        return redirect("desk:payment-dossier", dossier.pk)
    messages.error(request, gettext("Chưa ghi nhận được: hãy sửa các mục được đánh dấu."))
    return _render_dossier(request, dossier, cash_form=form, status=STATUS_INVALID)


@staff_required
@require_POST
def payment_transfer(request, pk):
    """A transfer reference for an applicant who asks at the desk to pay by transfer."""
    dossier = _dossier(request.user, pk)
    try:
        payment = services.request_transfer(request.user, dossier)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return _render_dossier(request, dossier, status=_status_for(error))
    messages.success(request, gettext("Mã chuyển khoản: %(reference)s.") % {"reference": payment.reference})
    return redirect("desk:payment-dossier", dossier.pk)


@staff_required
@require_POST
def payment_confirm(request, pk):
    payment = _payment(request.user, pk)
    try:
        services.confirm_transfer(request.user, payment)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return _render_dossier(request, payment.dossier, status=_status_for(error))
    messages.success(
        request, gettext("Đã xác nhận nhận chuyển khoản %(reference)s.") % {"reference": payment.reference}
    )
    return redirect("desk:payment-dossier", payment.dossier_id)


@staff_required
@require_http_methods(["GET", "POST"])
def payment_cancel(request, pk):
    """Cancelling a transfer reference asks for the reason on its own page first (a destructive action)."""
    payment = _payment(request.user, pk)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cancel_transfer(request.user, payment, reason=form.cleaned_data["reason"])
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError):
                    show_service_error(form, error)
                else:
                    form.add_error(None, _error_text(error))
                status = _status_for(error)
            else:
                messages.success(
                    request, gettext("Đã hủy mã chuyển khoản %(reference)s.") % {"reference": payment.reference}
                )
                return redirect("desk:payment-dossier", payment.dossier_id)
        else:
            status = STATUS_INVALID
    return render(request, "desk/payments/cancel.html", {"payment": payment, "form": form}, status=status)


@staff_required
def payment_receipt(request, pk):
    payment = _payment(request.user, pk)
    try:
        content = receipts.render_receipt(payment)
    except receipts.ReceiptNotAvailable as error:
        raise Http404(str(error)) from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, receipts.filename(payment))
    return response
