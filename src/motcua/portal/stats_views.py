"""Public statistics pages (/cong-dan/thong-ke/, no login): the on-time rate and the volumes of each agency by month.

Browsers may keep a page for a while (Cache-Control max-age); it stays private because the page carries the
visitor's own CSRF token (the language form), and the figures themselves are cached on the server."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control

from motcua.core.replica import reads_from_replica
from motcua.reports import charts, public_stats

MAX_AGE = 10 * 60


@cache_control(private=True, max_age=MAX_AGE)
@reads_from_replica
def agency_list(request):
    return render(request, "portal/stats/agencies.html", {"agencies": public_stats.public_agencies()})


@cache_control(private=True, max_age=MAX_AGE)
@reads_from_replica
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
