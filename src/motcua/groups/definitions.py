"""The two groups of Decree 63/2024/NĐ-CP and their parts (docs/groups.md has the sources and the assumptions).

Each part is an ordinary procedure of the catalog, resolved by the agency that offers it: the commune People's
Committee (its justice and civil-status officer, công chức tư pháp – hộ tịch), the commune police (Công an cấp xã)
and the social-insurance agency (cơ quan bảo hiểm xã hội). The codes of the civil-status and residence parts are
the national database's; the social-insurance parts carry the demo catalog's codes, because their national codes
could not be confirmed (docs/groups.md).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    """Decree 63/2024 Art. 1: the two groups done as one electronic inter-agency submission."""

    BIRTH = "birth", _("Đăng ký khai sinh – đăng ký thường trú – cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi")
    DEATH = "death", _("Đăng ký khai tử – xóa đăng ký thường trú – giải quyết mai táng phí, tử tuất")


@dataclass(frozen=True)
class Part:
    """One procedure of a group: its catalog code and what the citizen calls it."""

    code: str
    label: str


PARTS = {
    GroupKind.BIRTH: (
        Part("1.001193", _("Đăng ký khai sinh")),
        Part("1.004222", _("Đăng ký thường trú")),
        Part("DEMO-BHYT6", _("Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi")),
    ),
    GroupKind.DEATH: (
        Part("1.000656", _("Đăng ký khai tử")),
        Part("1.003197", _("Xóa đăng ký thường trú")),
        Part("DEMO-TUTUAT", _("Giải quyết mai táng phí, tử tuất")),
    ),
}

# The URL slug of each kind (portal and desk pages).
SLUGS = {GroupKind.BIRTH: "khai-sinh", GroupKind.DEATH: "khai-tu"}


def parts(kind: str) -> tuple[Part, ...]:
    """The parts of a group, in the order the decree lists them."""
    return PARTS[GroupKind(kind)]


def kind_for_slug(slug: str) -> GroupKind | None:
    return next((kind for kind, value in SLUGS.items() if value == slug), None)
