"""Accounts in the Django admin: users with their roles and, for applicants, their identity profile."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts import personal_data_requests
from motcua.accounts.models import ApplicantProfile, DeletionRequest, ExternalIdentity, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "agency", "unit", "title", "granted_at"]
    readonly_fields = ["granted_at"]
    autocomplete_fields = ["agency", "unit"]


class ApplicantProfileInline(admin.StackedInline):
    model = ApplicantProfile
    extra = 0
    max_num = 1
    can_delete = False
    autocomplete_fields = ["residence_unit"]


class ExternalIdentityInline(admin.TabularInline):
    """Electronic-identity logins (VNeID) linked to the account; deleting a row unlinks it."""

    model = ExternalIdentity
    extra = 0
    fields = ["issuer", "subject", "linked_at", "last_login_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # links are made only by a login at the provider


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "phone", "account_type", "is_active", "is_superuser"]
    list_filter = ["account_type", "is_active", "is_staff", "is_superuser", "roles__role"]
    search_fields = ["username", "full_name", "email", "phone"]
    ordering = ["username"]
    inlines = [RoleAssignmentInline, ApplicantProfileInline, ExternalIdentityInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Thông tin cá nhân"),
            {"fields": ["full_name", "email", "email_verified_at", "phone", "phone_verified_at", "account_type"]},
        ),
        (_("Quyền trên trang quản trị"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "account_type", "usable_password", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined", "email_verified_at", "phone_verified_at"]


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    """Applicants' requests that their account be deleted; "anonymise" carries them out
    (motcua.accounts.personal_data_requests.anonymise: the dossiers stay under the archive rules)."""

    list_display = ["user", "requested_at", "done_at", "done_by"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["user", "requested_at", "done_at", "done_by"]
    actions = ["anonymise"]

    def has_add_permission(self, request):
        return False  # made only by the applicant, on their "Dữ liệu cá nhân" page

    @admin.action(description=_("Xóa (ẩn danh hóa) các tài khoản đã chọn"))
    def anonymise(self, request, queryset):
        done = 0
        for deletion in queryset.filter(done_at__isnull=True).select_related("user"):
            personal_data_requests.anonymise(deletion, request.user)
            done += 1
        self.message_user(request, _("Đã ẩn danh hóa %(count)d tài khoản.") % {"count": done})
