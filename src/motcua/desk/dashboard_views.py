"""Dashboards for leaders and inspectors (/can-bo/thong-ke/): the figures, the dossiers behind each one, and the
Decision 766 index. Thin views over motcua.reports.dashboard and motcua.reports.index766; who may look at which
area is decided there (motcua.accounts.scope)."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.decorators import staff_required
from motcua.core.paging import page_number
from motcua.core.replica import reads_from_replica
from motcua.core.validators import parse_id
from motcua.desk.dashboard_forms import AreaPeriodForm, default_start
from motcua.dossiers import queues
from motcua.reports import charts, dashboard, index766, measures
from motcua.reports.dashboard import month_end

LIST_PER_PAGE = 50


def _area_and_period(request):
    """(form, area, start, end); area is None when the form has errors (the page then shows them)."""
    if not dashboard.can_view(request.user):
        raise PermissionDenied(gettext("Trang thống kê dành cho lãnh đạo, quản trị cơ quan và thanh tra."))
    form = AreaPeriodForm(request.user, request.GET or None)
    if request.GET and not form.is_valid():
        return form, None, None, None
    if request.GET:
        start, end, chosen = form.cleaned_data["tu"], form.cleaned_data["den"], form.area_ids()
    else:
        today = timezone.localdate()
        start, end, chosen = default_start(today), today, {}
    return form, dashboard.resolve_area(request.user, **chosen), start, end


def _dossiers_url(area, key: str, start, end, **extra) -> str:
    query = {**area.query, "chi_so": key, "tu": start.isoformat(), "den": end.isoformat(), **extra}
    return f"{reverse('desk:dashboard-dossiers')}?{urlencode(query)}"


@staff_required
@reads_from_replica
def overview(request):
    """Bảng điều hành: on-time rate, overdue, online share, online payments, satisfaction, by month, unit, field."""
    form, area, start, end = _area_and_period(request)
    context = {"form": form, "area": area}
    if area is not None:
        board = dashboard.build(area, start, end)

        def month_link(key, first, last=None):
            return _dossiers_url(area, key, first, last or dashboard.month_end(first, end))

        def unit_link(key, unit):
            return _dossiers_url(area, key, start, end, don_vi=",".join(map(str, unit.agency_ids)))

        def field_link(key, field):
            return _dossiers_url(area, key, start, end, linh_vuc=field.pk)

        context.update(
            board=board,
            tiles=[
                (spec, dashboard.figure(spec, board.total), _dossiers_url(area, spec.key, start, end))
                for spec in dashboard.MEASURES
            ],
            specs=dashboard.MEASURES,
            month_specs=dashboard.MONTHLY,
            month_charts=dashboard.month_charts(board, month_link),
            month_table=dashboard.table(board.by_month, lambda first: f"{first:%m/%Y}", month_link, dashboard.MONTHLY),
            unit_charts=dashboard.group_charts(
                board.by_unit, lambda unit: unit.label, unit_link, board, gettext("theo đơn vị")
            ),
            unit_table=dashboard.table(board.by_unit, lambda unit: unit.label, unit_link),
            field_charts=dashboard.group_charts(
                board.by_field, lambda field: field.name, field_link, board, gettext("theo lĩnh vực")
            ),
            field_table=dashboard.table(board.by_field, lambda field: field.name, field_link),
            index_url=_index_url(area, start, end),
        )
    return render(request, "desk/dashboards/overview.html", context, status=200 if area else 422)


def _ids(value: str) -> list[int] | None:
    if not value:
        return None
    ids = [parse_id(part) for part in value.split(",")]
    if None in ids:
        raise Http404
    return ids


@staff_required
@reads_from_replica
def dossiers(request):
    """The dossiers behind one figure of the dashboards, 50 a page without counting the table."""
    _form, area, start, end = _area_and_period(request)
    spec = dashboard.MEASURE_OF.get(request.GET.get("chi_so", ""))
    if area is None or spec is None:
        raise Http404
    field = request.GET.get("linh_vuc", "")
    if field and parse_id(field) is None:
        raise Http404
    found = dashboard.measure_dossiers(
        spec.key,
        area.agency_ids,
        start,
        end,
        field_id=parse_id(field) if field else None,
        unit_ids=_ids(request.GET.get("don_vi", "")),
    )
    page = queues.page(
        queues.for_list(found).order_by("-received_at", "-pk"),
        page_number(request.GET),
        LIST_PER_PAGE,
    )

    def page_url(to: int) -> str:
        query = request.GET.copy()
        query["trang"] = str(to)
        return f"?{query.urlencode()}"

    return render(
        request,
        "desk/dashboards/dossiers.html",
        {
            "spec": spec,
            "area": area,
            "start": start,
            "end": end,
            "page": page,
            "previous_url": page_url(page.number - 1) if page.has_previous else None,
            "next_url": page_url(page.number + 1) if page.has_next else None,
            "back_url": f"{reverse('desk:dashboard')}?{urlencode({**area.query, 'tu': start, 'den': end})}",
        },
    )


def _index_url(area, start, end) -> str:
    return f"{reverse('desk:dashboard-766')}?{urlencode({**area.query, 'tu': start, 'den': end})}"


@staff_required
@reads_from_replica
def index_766(request):
    """Bộ chỉ số 766: the components for the area and period, the monthly trend and the subordinate units' ranking."""
    form, area, start, end = _area_and_period(request)
    context = {"form": form, "area": area}
    if area is not None:
        grains = measures.collect(area.agency_ids, start, end)
        trend = index766.trend(area.agency_ids, start, end, grains=grains)
        context.update(
            result=index766.index(area.agency_ids, start, end, grains=grains),
            trend=trend,
            trend_chart=charts.line_chart(
                [
                    charts.Series(
                        gettext("Tổng điểm"),
                        [
                            charts.Point(f"{first:%m/%Y}", one.total, _index_url(area, first, month_end(first, end)))
                            for first, one in trend
                        ],
                    )
                ],
                title=gettext("Tổng điểm Bộ chỉ số 766 theo tháng – %(area)s") % {"area": area.label},
                description=gettext("Thang điểm 100."),
            ),
            ranking=index766.ranking(
                dashboard.visible_subunits(area), start, end, grains=grains, area_ids=area.agency_ids
            ),
            start=start,
            end=end,
            dashboard_url=f"{reverse('desk:dashboard')}?{urlencode({**area.query, 'tu': start, 'den': end})}",
        )
    return render(request, "desk/dashboards/index766.html", context, status=200 if area else 422)
