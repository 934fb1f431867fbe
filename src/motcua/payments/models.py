"""Payments of a dossier's fees and charges (thanh toán phí, lệ phí; Decree 118/2025 Art. 24).

A payment is one attempt to pay (part of) what a dossier owes: in cash at the desk (tiền mặt), by bank transfer
with a reference written in the transfer note (chuyển khoản), or online through a payment gateway (cổng thanh
toán). Only motcua.payments.services writes them. "Paid online" = method gateway AND status paid.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("Tiền mặt tại Bộ phận Một cửa")
        TRANSFER = "transfer", _("Chuyển khoản ngân hàng")
        GATEWAY = "gateway", _("Thanh toán trực tuyến")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Không thành công")
        CANCELLED = "cancelled", _("Đã hủy")

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments")
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    method = models.CharField(_("hình thức thanh toán"), max_length=10, choices=Method.choices)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The order id sent to the gateway, or the code the citizen writes in the transfer note, or the cash receipt's.
    reference = models.CharField(_("mã thanh toán"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Gateway payments: which gateway, its own transaction number, the bank, and the last verified callback.
    gateway = models.CharField(_("cổng thanh toán"), max_length=30, blank=True)
    gateway_transaction = models.CharField(_("mã giao dịch của cổng"), max_length=40, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    gateway_response = models.JSONField(_("dữ liệu cổng thanh toán"), default=dict, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("thanh toán")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payment_amount_positive")]
        indexes = [
            models.Index(fields=["dossier", "status"], name="payment_dossier_status_idx"),
            models.Index(fields=["status", "method", "paid_at"], name="payment_status_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount_vnd} đ"

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID
