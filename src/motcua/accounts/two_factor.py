"""Who must log in with the second factor (bắt buộc xác thực hai bước): the holders of powerful roles.

The roles are named by the setting TWO_FACTOR_ROLES (MOTCUA_TWO_FACTOR_ROLES): by default in production the
system administrators, the agency administrators and the leaders who sign. A superuser counts as a system
administrator. Such a user without an authenticator app is led to add one at login and can do nothing else before.
"""

from django.conf import settings
from django.core import checks

from motcua.accounts.models import Role, User

_CACHE_ATTRIBUTE = "_motcua_two_factor_roles"


def required_roles(user: User) -> set[str]:
    """The user's roles that call for the second factor (empty when none does); read once per user object."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    wanted = set(settings.TWO_FACTOR_ROLES)
    held = set()
    if wanted and user.pk is not None:
        held = set(user.roles.filter(role__in=wanted).values_list("role", flat=True))
        if user.is_superuser and Role.SYSTEM_ADMIN in wanted:
            held.add(Role.SYSTEM_ADMIN.value)
    setattr(user, _CACHE_ATTRIBUTE, held)
    return held


def is_required(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and required_roles(user))


def role_labels(user: User) -> str:
    """The roles, by their Vietnamese names, for telling the user why the second factor is required."""
    return ", ".join(str(Role(role).label) for role in sorted(required_roles(user)))


@checks.register(checks.Tags.security)
def check_role_names(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A misspelt role would silently leave its holders without the second factor."""
    unknown = sorted(set(settings.TWO_FACTOR_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        checks.Error(
            f"MOTCUA_TWO_FACTOR_ROLES names unknown roles: {', '.join(unknown)}.",
            hint=f"Use role names among: {', '.join(Role.values)}.",
            id="motcua.accounts.E001",
        )
    ]
