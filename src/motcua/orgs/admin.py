"""Django admin (trang quản trị) of units and agencies, for system administrators.

Units and the old → new mapping come from the loader (`motcua load_units`), so they are read-only here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyAdmin
from motcua.orgs.models import AdministrativeUnit, Agency, UnitSuccession


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "division_type", "level", "scheme", "parent", "valid_from", "valid_until"]
    list_filter = ["scheme", "level", "division_type"]
    search_fields = ["name", "code", "codename"]
    list_select_related = ["parent"]
    show_full_result_count = False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ["old_unit", "old_unit_parent", "new_unit", "partial", "effective_date"]
    list_filter = ["partial", "new_unit__scheme"]
    search_fields = ["old_unit__name", "old_unit__code", "new_unit__name", "new_unit__code"]
    list_select_related = ["old_unit__parent", "new_unit"]

    @admin.display(description=_("thuộc đơn vị cũ"))
    def old_unit_parent(self, succession: UnitSuccession):
        return succession.old_unit.parent


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "electronic_id", "kind", "unit", "parent", "valid_from", "valid_until"]
    list_filter = ["kind", "unit__scheme"]
    search_fields = ["name", "short_name", "electronic_id"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit", "parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "electronic_id"]}),
        (_("Trực thuộc"), {"fields": ["unit", "parent"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email"]}),
        (_("Thời gian hoạt động"), {"fields": ["valid_from", "valid_until"]}),
    ]
