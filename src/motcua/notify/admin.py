"""The outbox in the Django admin (system administrators): what was sent, what is waiting, what failed and why."""

from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin
from motcua.notify.models import ChannelPreference, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "status", "channel", "address", "recipient_kind", "topic", "dossier", "attempts"]
    list_filter = ["status", "channel", "recipient_kind", "topic", "created_at"]
    search_fields = ["address", "subject", "dossier__code", "last_error"]
    list_select_related = ["dossier"]
    fields = [
        "status",
        "recipient_kind",
        "user",
        "channel",
        "address",
        "topic",
        "dossier",
        "event",
        "step",
        "about_due_at",
        "subject",
        "body",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "dedupe_key",
    ]
    readonly_fields = fields
    show_full_result_count = False


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "sms", "updated_at"]
    list_filter = ["email", "sms"]
    search_fields = ["user__username", "user__full_name", "user__email", "user__phone"]
    raw_id_fields = ["user"]
