"""The audit log in the Django admin: readable by system administrators, writable by nobody."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import describe_changes, object_type_name
from motcua.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only: nobody adds, edits or deletes these rows through the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type_display", "object_label", "ip_address"]
    list_filter = ["action", "object_type", "at"]
    search_fields = ["actor_label", "object_label", "object_id"]
    fields = [
        "at",
        "actor",
        "actor_label",
        "action",
        "object_type_display",
        "object_id",
        "object_label",
        "changes_display",
        "ip_address",
        "user_agent",
    ]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("loại dữ liệu"), ordering="object_type")
    def object_type_display(self, entry: AuditEntry) -> str:
        return object_type_name(entry.object_type)

    @admin.display(description=_("thay đổi"))
    def changes_display(self, entry: AuditEntry):
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            ((change.field, change.old or "—", change.new or "—") for change in describe_changes(entry)),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            gettext("Trường"),
            gettext("Trước"),
            gettext("Sau"),
            rows,
        )
