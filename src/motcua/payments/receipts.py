"""The payment receipt (biên nhận thanh toán phí, lệ phí) as PDF, in the official-form layout of Decree 30/2020.

It acknowledges a paid Payment: who paid how much for which dossier, how, when, and the reference to quote. The
legal fee receipt (biên lai thu phí, lệ phí) is issued by the collecting agency's finance system; docs/payments.md
says how the two relate.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from motcua.documents.dossier_forms.common import letterhead, person_name
from motcua.documents.dossier_forms.formats import moment, vnd
from motcua.documents.pdf import render_pdf
from motcua.payments.models import Payment


class ReceiptNotAvailable(LookupError):
    """Only a paid payment has a receipt."""


def filename(payment: Payment) -> str:
    return f"bien-nhan-{payment.reference}.pdf"


def receipt_context(payment: Payment) -> dict:
    dossier = payment.dossier
    issuer = dossier.receiving_agency
    return {
        "title": gettext("BIÊN NHẬN THANH TOÁN PHÍ, LỆ PHÍ"),
        "form": "payment",
        "head": letterhead(issuer, payment.paid_at),
        "reference": payment.reference,
        "code": dossier.code or "",
        "payer": dossier.submitter_name or dossier.applicant_name,
        "applicant": dossier.applicant_name,
        "procedure": dossier.version.name,
        "fees": [{"name": fee.name, "amount": vnd(fee.amount_vnd)} for fee in dossier.fees.all()],
        "amount": vnd(payment.amount_vnd),
        "method": payment.get_method_display(),
        "paid_at": moment(payment.paid_at),
        "transaction": payment.gateway_transaction,
        "officer": person_name(payment.recorded_by) if payment.recorded_by_id else "",
    }


def render_receipt(payment: Payment, *, language: str | None = None) -> bytes:
    if payment.status != Payment.Status.PAID:
        raise ReceiptNotAvailable(
            gettext("Khoản thanh toán %(reference)s chưa được thanh toán.") % {"reference": payment.reference}
        )
    payment = Payment.objects.select_related(
        "dossier__version",
        "dossier__receiving_agency__unit",
        "dossier__receiving_agency__parent",
        "recorded_by",
    ).get(pk=payment.pk)
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string("payments/receipt.html", receipt_context(payment))
    return render_pdf(html, base_url=settings.SITE_URL)
