"""The Decision 766 indicator settings in the Django admin (system administrators only, like the whole admin).

The set of indicators is fixed by the code, so rows are only edited: never added or deleted here.
"""

from django.contrib import admin

from motcua.reports.models import IndicatorSetting


@admin.register(IndicatorSetting)
class IndicatorSettingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "points", "target_percent"]
    list_editable = ["points", "target_percent"]
    fields = ["indicator", "points", "target_percent"]
    readonly_fields = ["indicator"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
