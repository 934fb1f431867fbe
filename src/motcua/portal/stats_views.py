"""Public statistics pages (/cong-dan/thong-ke/, no login): the on-time rate and the volumes of each agency by month.

Browsers may keep a page for a while (Cache-Control max-age); it stays private because the page carries the
visitor's own CSRF token (the language form). The server keeps the same while for the whole page of a visitor who is
not logged in, with each visitor's own token put in (motcua.core.page_cache)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control

from motcua.catalog.public_cache import stamp
from motcua.core.fragments import cached_fragment
from motcua.core.page_cache import anonymous_page_cache
from motcua.core.replica import reads_from_replica
from motcua.reports import charts, public_stats

MAX_AGE = 10 * 60
# The list of agencies changes with the catalog's offerings and agencies, which renew the stamp in its key at once
# (motcua.catalog.public_cache): the timeout only bounds a change made around them.
LIST_SECONDS = 3600


def _agency_links() -> list[tuple[str, str]]:
    agencies = public_stats.public_agencies().values_list("pk", "name")
    return [(reverse("portal:stats-agency", args=[pk]), name) for pk, name in agencies]


@cache_control(private=True, max_age=MAX_AGE)
@reads_from_replica
@anonymous_page_cache("stats.list", MAX_AGE, parts=lambda request: [stamp()])
def agency_list(request):
    """Every agency with public figures, a link each: a province's few hundred, read and linked once per catalog
    state rather than on every visit (the page was the slowest public page under load, issue 17)."""
    links = cached_fragment("stats.agencies", [stamp()], LIST_SECONDS, _agency_links)
    return render(request, "portal/stats/agencies.html", {"links": links})


@cache_control(private=True, max_age=MAX_AGE)
@reads_from_replica
@anonymous_page_cache("stats.agency", MAX_AGE, parts=lambda request: [stamp()])
def agency_stats(request, agency_id: int):
    agency = get_object_or_404(public_stats.public_agencies(), pk=agency_id)
    months = public_stats.monthly(agency)

    def label(one) -> str:
        return f"{one.month:%m/%Y}"

    volumes = charts.line_chart(
        [
            charts.Series(gettext("Tiếp nhận"), [charts.Point(label(one), one.received) for one in months]),
            charts.Series(gettext("Đã giải quyết"), [charts.Point(label(one), one.resolved) for one in months]),
        ],
        title=gettext("Số hồ sơ theo tháng – %(agency)s") % {"agency": agency.name},
        description=gettext("Hồ sơ tiếp nhận và hồ sơ đã giải quyết trong từng tháng."),
    )
    on_time = charts.line_chart(
        [charts.Series(gettext("Tỷ lệ đúng hạn"), [charts.Point(label(one), one.on_time_percent) for one in months])],
        title=gettext("Tỷ lệ giải quyết đúng hạn theo tháng – %(agency)s") % {"agency": agency.name},
        description=gettext("Hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết trong tháng."),
        percent=True,
    )
    return render(
        request,
        "portal/stats/agency.html",
        {"agency": agency, "months": months, "volumes_chart": volumes, "on_time_chart": on_time},
    )
