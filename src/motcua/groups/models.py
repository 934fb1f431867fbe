"""A group of inter-agency procedures filed at once (nhóm thủ tục hành chính liên thông, Decree 63/2024/NĐ-CP) and
its members: each an ordinary dossier of its own procedure at its own competent agency, with its own deadline.

The group stores no state of its own: its status is derived from its members' (motcua.groups.status), so it can
never disagree with them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.dossiers.models import Dossier
from motcua.groups.definitions import GroupKind


class DossierGroup(models.Model):
    kind = models.CharField(_("nhóm thủ tục"), max_length=10, choices=GroupKind.choices)
    # One reference for the whole group (LTyymmdd-XXXXXX, motcua.groups.codes), beside each member's own.
    reference = models.CharField(_("mã tra cứu nhóm"), max_length=20, unique=True)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    # Who applied: the citizen's account when filed online; the receiving officer when filed at the desk.
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossier_groups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("nộp lúc"))

    class Meta:
        verbose_name = _("nhóm hồ sơ liên thông")
        verbose_name_plural = _("nhóm hồ sơ liên thông")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference


class GroupMember(models.Model):
    group = models.ForeignKey(DossierGroup, on_delete=models.CASCADE, related_name="members")
    # A dossier belongs to one group at most; the one-to-one index also answers "is this dossier in a group?".
    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="group_membership")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    part = models.CharField(_("thủ tục trong nhóm"), max_length=40)

    class Meta:
        verbose_name = _("hồ sơ thành phần")
        verbose_name_plural = _("hồ sơ thành phần")
        ordering = ["group_id", "order"]
        constraints = [models.UniqueConstraint(fields=["group", "order"], name="group_member_order_unique")]

    def __str__(self) -> str:
        return f"{self.group} · {self.dossier}"
