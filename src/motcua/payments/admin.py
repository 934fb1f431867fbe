"""Payments in the Django admin: searchable by reference or dossier code, never edited there (only
motcua.payments.services writes them, and every change is audited)."""

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin
from motcua.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "dossier", "method", "status", "amount_vnd", "created_at", "paid_at"]
    list_filter = ["method", "status", "gateway"]
    search_fields = ["reference", "dossier__code", "gateway_transaction"]
    list_select_related = ["dossier"]
    show_full_result_count = False
