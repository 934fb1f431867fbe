"""Whether a way of doing a procedure can be filed (có thể nộp hồ sơ): the deadline engine needs a structured time.

A dossier's due date is computed from its method's structured processing time (ProcedureMethod.duration). A method
without one cannot be received: the lifecycle refuses it. So that no citizen or clerk ever meets that refusal, the
places that offer a method — the portal's online filing and the desk's intake — offer only fileable methods
(`fileable_methods`), and the control dashboard (catalog.control) lists every offered procedure that has none,
with the reason (`unfileable_reasons`), for the catalog administrator to complete.

The shipped catalog gives every method a time (catalog.time_limits), so this is a guard for catalogs typed in or
imported from elsewhere.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from motcua.catalog.models import Channel, ProcedureMethod, TimeUnit

# The database form of ProcedureMethod.duration is not None.
FILEABLE = Q(time_unit=TimeUnit.SAME_DAY) | Q(
    time_unit__in=[TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS], time_amount__gt=0
)


def is_fileable(method: ProcedureMethod) -> bool:
    """A dossier can be received under this method: it has a structured processing time."""
    return method.duration is not None


def fileable_methods(methods: QuerySet[ProcedureMethod] | None = None) -> QuerySet[ProcedureMethod]:
    """The fileable methods among `methods` (default: all)."""
    methods = ProcedureMethod.objects.all() if methods is None else methods
    return methods.filter(FILEABLE)


def fileable_versions(versions: QuerySet, channels) -> QuerySet:
    """The versions among `versions` with a fileable method on one of `channels`."""
    return versions.filter(pk__in=fileable_methods().filter(channel__in=list(channels)).values("version_id"))


def unfileable_reasons(version, channels=None) -> list[str]:
    """Why the version cannot be filed on `channels` (default: every channel it lists), in Vietnamese; [] when it
    can be filed on each of them. Uses the version's methods as loaded (prefetch them for lists)."""
    methods = list(version.methods.all())
    if not methods:
        return [gettext("Phiên bản chưa có cách thức thực hiện nào, nên không nhận được hồ sơ.")]
    labels = dict(Channel.choices)
    wanted = list(channels) if channels else list(dict.fromkeys(m.channel for m in methods))
    reasons = []
    for channel in wanted:
        own = [m for m in methods if m.channel == channel]
        if not own:
            reasons.append(
                gettext("Cơ quan nhận hồ sơ «%(channel)s» nhưng thủ tục không có cách thức này.")
                % {"channel": labels.get(channel, channel)}
            )
        elif not any(is_fileable(m) for m in own):
            reasons.append(
                gettext("Cách thức «%(channel)s» chưa có thời hạn giải quyết có cấu trúc (như công bố: «%(text)s»).")
                % {"channel": labels.get(channel, channel), "text": own[0].time_text or "—"}
            )
    return reasons
