"""Staff report pages (báo cáo): form II.06a on screen and as XLSX, the dossiers behind each figure, and the
inspection lists with their CSV and XLSX exports. Thin views over motcua.reports; the scope is checked by
reports.areas.resolve (a user reads only the agencies accounts.scope lets them see)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.decorators import staff_required
from motcua.core.paging import paginate
from motcua.core.replica import reads_from_replica
from motcua.core.validators import parse_id
from motcua.desk.report_forms import ReportChoiceForm
from motcua.reports import exports, ii06a, lists
from motcua.reports.areas import ReportArea, default_choice, resolve
from motcua.reports.xlsx_ii06a import Heading, workbook

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Choice:
    """A valid choice of area and period, with the query string that names it again."""

    area: ReportArea
    start: object
    end: object
    query: dict


def _choice(request) -> tuple[ReportChoiceForm, Choice | None]:
    form = ReportChoiceForm(request.user, request.GET)
    if not form.is_valid():
        return form, None
    area = resolve(request.user, **(form.choice() or default_choice(request.user)))
    if area is None:
        raise PermissionDenied(gettext("Bạn không được xem báo cáo của cơ quan, địa bàn này."))
    data = form.cleaned_data
    query = {"pham_vi": data["pham_vi"], "tu": f"{data['tu']:%Y-%m-%d}", "den": f"{data['den']:%Y-%m-%d}"}
    return form, Choice(area, data["tu"], data["den"], query)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def index(request):
    return render(request, "desk/reports/index.html", {"lists": exports.LISTS.values()})


def _linked(cells: ii06a.Cells, base: dict, **where) -> list[tuple[int, str]]:
    url = reverse("desk:report-06a-dossiers")
    extra = {key: value for key, value in where.items() if value}
    return [(getattr(cells, name), f"{url}?{urlencode({**base, **extra, 'o': name})}") for name in ii06a.CELL_NAMES]


@staff_required
@reads_from_replica
def ii06a_page(request):
    form, choice = _choice(request)
    context = {"form": form, "choice": choice}
    if choice is not None:
        report = ii06a.build(choice.area.agency_ids, choice.start, choice.end)
        context.update(
            report=report,
            total=_linked(report.total, choice.query),
            rows=[
                (row, _linked(row.cells, choice.query, **{"thu-tuc": row.procedure_id, "linh-vuc": row.field_id}))
                for row in report.rows
            ],
            xlsx_url=f"{reverse('desk:report-06a-xlsx')}?{urlencode(choice.query)}",
            columns=[f"({number})" for number in range(1, 14)],
        )
    return render(request, "desk/reports/ii06a.html", context)


@staff_required
@reads_from_replica
def ii06a_dossiers(request):
    form, choice = _choice(request)
    cell = request.GET.get("o", "")
    if cell not in ii06a.CELL_NAMES:
        raise Http404
    context = {"form": form, "choice": choice, "column": ii06a.COLUMN_OF[cell], "keep": [("o", cell)]}
    if choice is not None:
        procedure_id = parse_id(request.GET.get("thu-tuc"))
        field_id = None if procedure_id else parse_id(request.GET.get("linh-vuc"))
        dossiers = ii06a.dossiers_for(
            cell, choice.area.agency_ids, choice.start, choice.end, procedure_id, field_id=field_id
        )
        dossiers = dossiers.select_related(*lists.RELATED).order_by("received_at", "pk")
        context.update(
            paged=paginate(dossiers, request.GET, "trang", PER_PAGE),
            back_url=f"{reverse('desk:report-06a')}?{urlencode(choice.query)}",
        )
    return render(request, "desk/reports/ii06a_dossiers.html", context)


@staff_required
@reads_from_replica
def ii06a_xlsx(request):
    form, choice = _choice(request)
    if choice is None:
        return render(request, "desk/reports/ii06a.html", {"form": form, "choice": None}, status=400)
    report = ii06a.build(choice.area.agency_ids, choice.start, choice.end)
    area = choice.area
    heading = Heading(
        reporting_unit=area.name,
        superior_unit=area.superior,
        place=area.place,
        prepared_by=request.user.get_full_name(),
    )
    filename = f"bieu-II06a-{choice.start:%Y%m%d}-{choice.end:%Y%m%d}.xlsx"
    return _download(workbook(report, heading), XLSX, filename)


def _items(spec: exports.ListSpec, choice: Choice):
    ids = choice.area.agency_ids
    if spec is exports.OVERDUE:
        return lists.overdue_now(ids)
    if spec is exports.LATE:
        return lists.resolved_late(ids, choice.start, choice.end)
    return lists.returns(ids, choice.start, choice.end)


@staff_required
@reads_from_replica
def list_page(request, slug: str):
    spec = exports.LISTS.get(slug)
    if spec is None:
        raise Http404
    form, choice = _choice(request)
    context = {"form": form, "choice": choice, "spec": spec}
    if choice is not None:
        items = _items(spec, choice)
        fmt = request.GET.get("dinh-dang")
        stem = f"{slug}-{timezone.localdate():%Y%m%d}"
        if fmt == "csv":
            return _download(
                exports.to_csv(spec, items.iterator(chunk_size=2000)), "text/csv; charset=utf-8", f"{stem}.csv"
            )
        if fmt == "xlsx":
            covers = _covers(spec, choice)
            return _download(exports.to_xlsx(spec, items.iterator(chunk_size=2000), covers), XLSX, f"{stem}.xlsx")
        paged = paginate(items, request.GET, "trang", PER_PAGE)
        context.update(
            paged=paged,
            rows=[(exports.dossier_of(item), [exports.as_text(v) for v in spec.values(item)]) for item in paged.page],
            covers=_covers(spec, choice),
            csv_url=f"?{urlencode({**choice.query, 'dinh-dang': 'csv'})}",
            xlsx_url=f"?{urlencode({**choice.query, 'dinh-dang': 'xlsx'})}",
        )
    return render(request, "desk/reports/list.html", context)


def _covers(spec: exports.ListSpec, choice: Choice) -> str:
    if spec.periodic:
        return gettext("%(area)s, từ ngày %(start)s đến ngày %(end)s") % {
            "area": choice.area.name,
            "start": f"{choice.start:%d/%m/%Y}",
            "end": f"{choice.end:%d/%m/%Y}",
        }
    return gettext("%(area)s, tại thời điểm %(now)s") % {
        "area": choice.area.name,
        "now": f"{timezone.localtime():%H:%M %d/%m/%Y}",
    }
