"""Configuration of reform templates in the admin (trang quản trị): inspection criteria and checklists, and the
reform index trees whose maximum points the province enters."""

from django.contrib import admin

from motcua.reform.models import (
    ChecklistTemplate,
    ChecklistTemplateItem,
    CriterionTemplate,
    IndexNode,
    IndexTemplate,
)


@admin.register(CriterionTemplate)
class CriterionTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "area", "measure"]
    list_filter = ["area", "measure"]
    search_fields = ["code", "title"]


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0
    autocomplete_fields = ["criterion"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [ChecklistTemplateItemInline]


class IndexNodeInline(admin.TabularInline):
    model = IndexNode
    extra = 0
    fields = ["order", "code", "level", "parent", "title", "max_points"]
    ordering = ["order"]


@admin.register(IndexTemplate)
class IndexTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "points_are_placeholders"]
    inlines = [IndexNodeInline]
