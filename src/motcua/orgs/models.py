"""Administrative units (đơn vị hành chính) and agencies (cơ quan, đơn vị)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.orgs.electronic_id import validate_electronic_id

# The two-tier structure took effect on 1 July 2025 (Nghị quyết 202/2025/QH15); the three-tier
# one it replaced was valid until the day before.
REFORM_2025_DATE = datetime.date(2025, 7, 1)
LEGACY_VALID_UNTIL = datetime.date(2025, 6, 30)


class AdministrativeUnit(models.Model):
    """An administrative unit of either structure: the current two tiers or the legacy three."""

    class Scheme(models.TextChoices):
        CURRENT = "2025", _("Hai cấp (từ 01/7/2025)")
        LEGACY = "legacy", _("Ba cấp (đến 30/6/2025)")

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")

    scheme = models.CharField(_("hệ thống đơn vị"), max_length=10, choices=Scheme.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    # GSO codes, zero-padded as published: 2 digits for provinces, 3 for districts, 5 for communes.
    code = models.CharField(_("mã đơn vị hành chính"), max_length=5)
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại"), max_length=30)
    codename = models.CharField(_("tên mã"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["scheme", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level", "code"], name="unit_code_unique_per_scheme"),
        ]
        indexes = [models.Index(fields=["scheme", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_legacy(self) -> bool:
        return self.scheme == self.Scheme.LEGACY


class UnitSuccession(models.Model):
    """The old → new mapping of the 2025 rearrangement (bảng chuyển đổi đơn vị hành chính)."""

    old_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions"
    )
    new_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="predecessions"
    )
    partial = models.BooleanField(_("nhập một phần"), default=False)
    effective_date = models.DateField(_("ngày hiệu lực"), default=REFORM_2025_DATE)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị hành chính")
        verbose_name_plural = _("bảng chuyển đổi đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit"], name="succession_unique")]

    def __str__(self) -> str:
        share = "một phần" if self.partial else "toàn bộ"
        return f"{self.old_unit} → {self.new_unit} ({share})"


class AgencyQuerySet(models.QuerySet):
    def with_descendants(self) -> "AgencyQuerySet":
        """These agencies and every agency below them, however deep, evaluated as one SQL query.

        The tree has no fixed depth (UBND tỉnh → sở → chi cục …), so a recursive common table expression walks
        it; SQLite and PostgreSQL both support it. UNION (not UNION ALL) also stops on a cycle in bad data.
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        seed_sql, seed_params = self.order_by().values("pk").query.sql_with_params()
        table, pk, parent = (
            quote(self.model._meta.db_table),
            quote(self.model._meta.pk.column),
            quote(self.model._meta.get_field("parent").column),
        )
        walk = (
            f"WITH RECURSIVE subtree(id) AS ({seed_sql} "
            f"UNION SELECT child.{pk} FROM {table} child JOIN subtree ON child.{parent} = subtree.id) "
            "SELECT id FROM subtree"
        )
        return self.model.objects.filter(pk__in=RawSQL(walk, seed_params))


class Agency(models.Model):
    """A state agency or unit (cơ quan, đơn vị) attached to an administrative unit."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
        SERVICE_CENTRE = "ttpvhcc", _("Trung tâm Phục vụ hành chính công")
        SERVICE_BRANCH = "branch", _("Chi nhánh / điểm tiếp nhận của Trung tâm")
        SPECIALISED = "specialised", _("Cơ quan chuyên môn (sở, phòng, ban)")
        VERTICAL = "vertical", _("Cơ quan ngành dọc (công an, thuế, …)")
        OTHER = "other", _("Cơ quan, đơn vị khác")

    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị hành chính"), on_delete=models.PROTECT, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    electronic_id = models.CharField(
        _("mã định danh điện tử"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_electronic_id],
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.00.00.H26."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_until = models.DateField(_("hoạt động đến"), null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["unit__code", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self._parent_makes_cycle():
            errors["parent"] = gettext("Cơ quan cấp trên không được là chính cơ quan này hoặc cơ quan cấp dưới của nó.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = gettext("Ngày kết thúc hoạt động phải sau ngày bắt đầu.")
        unit_end = self.unit.valid_until if self.unit_id is not None else None
        # A legacy unit ceased on 30/6/2025; its agencies (e.g. UBND huyện) cannot outlive it.
        if unit_end and (self.valid_until is None or self.valid_until > unit_end):
            errors.setdefault(
                "valid_until",
                gettext(
                    "Đơn vị hành chính %(unit)s chỉ có hiệu lực đến %(date)s, "
                    "nên cơ quan phải có ngày kết thúc hoạt động không muộn hơn ngày đó."
                )
                % {"unit": self.unit, "date": f"{unit_end:%d/%m/%Y}"},
            )
        if errors:
            raise ValidationError(errors)

    def _parent_makes_cycle(self) -> bool:
        if self.parent_id is None or self.pk is None:
            return False
        return Agency.objects.filter(pk=self.pk).with_descendants().filter(pk=self.parent_id).exists()


def unit_subtree(roots) -> models.Q:
    """Units in `roots` (a subquery of unit ids) and below them; units are at most three levels deep."""
    return models.Q(pk__in=roots) | models.Q(parent__in=roots) | models.Q(parent__parent__in=roots)


def territory(roots) -> models.Q:
    """The subtrees of `roots` plus the legacy units they replaced (địa bàn, history included), as one filter."""
    current = unit_subtree(roots)
    old_roots = UnitSuccession.objects.filter(new_unit__in=AdministrativeUnit.objects.filter(current)).values(
        "old_unit"
    )
    return current | unit_subtree(old_roots)
