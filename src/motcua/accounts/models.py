"""Accounts: users, staff roles in agencies, and applicant profiles of citizens and organisations."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity_numbers import validate_cccd, validate_tax_code
from motcua.orgs.models import AdministrativeUnit, Agency

PHONE_HELP = _("Số điện thoại di động, ví dụ 0912345678.")


class MotCuaUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """`motcua createsuperuser` makes a staff account holding the system-administrator role."""
        extra_fields.setdefault("account_type", User.AccountType.STAFF)
        user = super().create_superuser(username, email, password, **extra_fields)
        RoleAssignment.objects.get_or_create(user=user, role=Role.SYSTEM_ADMIN, agency=None, unit=None)
        return user


class User(AbstractUser):
    """A person who logs in: a staff member or an applicant (citizen or organisation representative)."""

    class AccountType(models.TextChoices):
        STAFF = "staff", _("Cán bộ, công chức")
        CITIZEN = "citizen", _("Công dân")
        ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True, help_text=PHONE_HELP)
    account_type = models.CharField(
        _("loại tài khoản"), max_length=20, choices=AccountType.choices, default=AccountType.CITIZEN
    )
    # When the person proved they receive mail or texts there (a one-time code, or a verified OIDC claim). Only a
    # proven address may link a national-identity login to this account (motcua.accounts.oidc.linking).
    email_verified_at = models.DateTimeField(_("xác minh thư điện tử lúc"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)

    objects = MotCuaUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~models.Q(email=""), name="user_email_unique"),
            models.UniqueConstraint(fields=["phone"], condition=~models.Q(phone=""), name="user_phone_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    @property
    def is_applicant(self) -> bool:
        return self.account_type in {self.AccountType.CITIZEN, self.AccountType.ORGANISATION}


class Role(models.TextChoices):
    """Staff roles (vai trò). A person may hold several, in one or more agencies."""

    RECEIVING_OFFICER = "receiving_officer", _("Cán bộ tiếp nhận")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo (người ký)")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra (chỉ xem)")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


# A tuple, not a set: its order is written into the migration of the check constraint below.
AGENCY_ROLES = (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN)


class RoleAssignment(models.Model):
    """Membership of a staff member in an agency with one role (thành viên cơ quan, vai trò).

    Agency roles need an agency. An inspector reads over either an agency subtree or an administrative-unit
    subtree. A system administrator is attached to neither.
    """

    user = models.ForeignKey(User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn (đơn vị hành chính)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("Chỉ dùng cho thanh tra theo địa bàn."),
    )
    title = models.CharField(_("chức danh"), max_length=120, blank=True)
    granted_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò được giao")
        verbose_name_plural = _("vai trò được giao")
        constraints = [
            # One constraint per target, because SQLite cannot treat NULLs as equal in one constraint.
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=models.Q(agency__isnull=False),
                name="role_assignment_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="role_assignment_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(agency__isnull=True, unit__isnull=True),
                name="role_assignment_unique_global",
            ),
            models.CheckConstraint(
                name="role_assignment_target",
                condition=(
                    models.Q(role__in=list(AGENCY_ROLES), agency__isnull=False, unit__isnull=True)
                    | models.Q(role=Role.INSPECTOR, agency__isnull=False, unit__isnull=True)
                    | models.Q(role=Role.INSPECTOR, agency__isnull=True, unit__isnull=False)
                    | models.Q(role=Role.SYSTEM_ADMIN, agency__isnull=True, unit__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.agency or self.unit or "toàn hệ thống"
        return f"{self.user} – {self.get_role_display()} – {where}"

    def clean(self) -> None:
        if self.role in AGENCY_ROLES and (self.agency_id is None or self.unit_id is not None):
            raise ValidationError({"agency": gettext("Vai trò này phải gắn với một cơ quan (và không gắn địa bàn).")})
        if self.role == Role.INSPECTOR and (self.agency_id is None) == (self.unit_id is None):
            raise ValidationError(gettext("Thanh tra phải được giao đúng một phạm vi: một cơ quan hoặc một địa bàn."))
        if self.role == Role.SYSTEM_ADMIN and (self.agency_id is not None or self.unit_id is not None):
            raise ValidationError(gettext("Quản trị hệ thống không gắn với cơ quan hay địa bàn nào."))


class ApplicantProfile(models.Model):
    """The identity of an applicant (người nộp hồ sơ): a person by CCCD, an organisation by tax code."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Cá nhân")
        ORGANISATION = "organisation", _("Tổ chức")

    user = models.OneToOneField(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="applicant_profile"
    )
    kind = models.CharField(_("loại người nộp"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    personal_id = models.CharField(
        _("số định danh cá nhân (CCCD)"), max_length=12, blank=True, validators=[validate_cccd]
    )
    organisation_name = models.CharField(_("tên tổ chức"), max_length=255, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, validators=[validate_tax_code])
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    residence_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã, phường nơi cư trú"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hồ sơ người nộp")
        verbose_name_plural = _("hồ sơ người nộp")
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"], condition=~models.Q(personal_id=""), name="applicant_personal_id_unique"
            ),
            models.CheckConstraint(
                name="applicant_identity_present",
                condition=(
                    models.Q(kind="person") & ~models.Q(personal_id="")
                    | models.Q(kind="organisation") & ~models.Q(tax_code="") & ~models.Q(organisation_name="")
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation_name if self.kind == self.Kind.ORGANISATION else str(self.user)

    def clean(self) -> None:
        if self.kind == self.Kind.PERSON and not self.personal_id:
            raise ValidationError({"personal_id": gettext("Cá nhân phải có số định danh cá nhân (CCCD).")})
        if self.kind == self.Kind.ORGANISATION:
            errors = {}
            if not self.tax_code:
                errors["tax_code"] = gettext("Tổ chức phải có mã số thuế.")
            if not self.organisation_name:
                errors["organisation_name"] = gettext("Hãy nhập tên tổ chức.")
            if errors:
                raise ValidationError(errors)


class ApiToken(models.Model):
    """A personal key for the REST API (`Authorization: Bearer …`), made by its owner on the account's page or with
    `motcua create_token`.

    Only the SHA-256 of the key is stored; the key itself is shown once. `prefix` (public, unique) finds the row.
    A key works until `expires_at` and only within its scope: a read key is refused every write.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Chỉ đọc")
        ACT = "act", _("Đọc và thao tác")

    user = models.ForeignKey(User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True)
    key_hash = models.CharField(_("mã băm SHA-256"), max_length=64)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["user", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user.username} – {self.name} (mc_{self.prefix})"


class VerificationCode(models.Model):
    """A one-time code (mã xác minh) sent to an e-mail address or a phone number.

    Only a keyed hash of the code is stored. It expires, allows a few wrong tries, and may be sent again after a
    cool-down; motcua.accounts.verification holds these rules. `payload` carries what the code confirms, e.g. a
    sign-up's name and password hash (never the password itself).
    """

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("Đăng ký tài khoản")
        PASSWORD_RESET = "password_reset", _("Đặt lại mật khẩu")
        CONTACT_CHANGE = "contact_change", _("Thêm hoặc đổi địa chỉ liên hệ")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("địa chỉ nhận"), max_length=254)
    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(_("mã băm"), max_length=64)
    payload = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_sent_at = models.DateTimeField(_("gửi lần cuối lúc"))
    sends = models.PositiveSmallIntegerField(_("số lần gửi"), default=1)
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh")
        verbose_name_plural = _("mã xác minh")
        indexes = [models.Index(fields=["purpose", "address", "created_at"], name="verification_address_idx")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.address}"


class ExternalIdentity(models.Model):
    """A login at an OpenID Connect provider (VNeID) linked to an account: the provider's `iss` and `sub`."""

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255)
    subject = models.CharField(_("mã định danh tại nhà cung cấp"), max_length=255)
    linked_at = models.DateTimeField(_("liên kết lúc"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("định danh liên kết")
        verbose_name_plural = _("định danh liên kết")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.issuer}"


class LoginBlock(models.Model):
    """A pause of password logins after a password spray (chặn dò mật khẩu): from one client address, or with one
    password, that failed on too many accounts within the window (motcua.accounts.spraying).

    `key_hash` is an HMAC keyed by the secret key: neither the address nor the password is stored.
    """

    class Kind(models.TextChoices):
        ADDRESS = "address", _("Địa chỉ mạng")
        PASSWORD = "password", _("Mật khẩu")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    key_hash = models.CharField(_("mã băm có khóa"), max_length=64)
    until = models.DateTimeField(_("chặn đến"), db_index=True)

    class Meta:
        verbose_name = _("chặn đăng nhập")
        verbose_name_plural = _("chặn đăng nhập")
        constraints = [models.UniqueConstraint(fields=["kind", "key_hash"], name="login_block_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key_hash[:12]}… – {self.until:%Y-%m-%d %H:%M}"


class PersonalDataConsent(models.Model):
    """The applicant's consent to the processing notice shown at sign-up (sự đồng ý của chủ thể dữ liệu cá nhân, Law
    91/2025/QH15 Art. 9): which version of the notice, and when. Kept after the account is anonymised, as proof."""

    user = models.ForeignKey(User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(_("phiên bản thông báo"), max_length=20)
    given_at = models.DateTimeField(_("thời điểm đồng ý"))

    class Meta:
        verbose_name = _("sự đồng ý xử lý dữ liệu cá nhân")
        verbose_name_plural = _("sự đồng ý xử lý dữ liệu cá nhân")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.notice_version} {self.given_at:%Y-%m-%d %H:%M}"


class DeletionRequest(models.Model):
    """An applicant's request that their account be deleted (yêu cầu xóa dữ liệu cá nhân, Law 91/2025/QH15 Art. 4):
    staff see the open ones in the administration; carrying it out anonymises the account, while the dossiers
    stay as the archive rules require (motcua.accounts.personal_data_requests)."""

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="deletion_requests"
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"))
    done_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, verbose_name=_("người xử lý"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("yêu cầu xóa tài khoản")
        verbose_name_plural = _("yêu cầu xóa tài khoản")
        ordering = ["done_at", "requested_at"]

    def __str__(self) -> str:
        return f"#{self.user_id} {self.requested_at:%Y-%m-%d}"
