"""Public catalog pages (tra cứu thủ tục hành chính) and posting sheets (niêm yết): no login needed.

Only versions in force today are shown (motcua.catalog.search.in_force); drafts and expired versions never are.
"""

from pathlib import PurePosixPath

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from motcua.catalog.models import AgencyOffering, Field, Level, ProcedureVersion, PublicationDecision, RequiredDocument
from motcua.catalog.public_cache import stamp
from motcua.catalog.search import in_force, query_words, search
from motcua.core.fragments import cached_fragment
from motcua.core.page_cache import anonymous_page_cache
from motcua.core.widgets import QuickSelect, option_tags
from motcua.documents import background, heavy
from motcua.documents.pdf import render_pdf
from motcua.documents.posting import offering_agencies, pdf_filename, posting_sheet, qr_title, sheet_content
from motcua.documents.qr import FIXED_MASK, qr_svg, qr_svg_file
from motcua.orgs.models import Agency
from motcua.portal import drafts

PAGE_SIZE = 20
# The search's matches and the filters' lists: short, though a catalog change renews the stamp at once
# (motcua.catalog.public_cache); the rendered rows and a procedure's page stay a day (the day is in their keys).
SEARCH_SECONDS = 300
PAGE_SECONDS = 24 * 3600


# What a catalog page kept whole may be asked with: the filters (ids and a level code) and the page number.
KEPT_PARAMETERS = frozenset({"linh_vuc", "cap", "co_quan", "trang"})
KEPT_VALUE_MAX = 12


def _filters_only(request) -> bool:
    """A search page shows what the visitor typed: it is never kept whole (motcua.core.page_cache). A page of the
    list by filters is, when it is asked with nothing else and short values (the form sends the empty search box
    too), so that made-up parameters cannot fill the cache."""
    if request.GET.get("q", "").strip():
        return False
    asked = {name: value for name, value in request.GET.lists() if name != "q"}
    return asked.keys() <= KEPT_PARAMETERS and all(
        len(values) == 1 and len(values[0]) <= KEPT_VALUE_MAX for values in asked.values()
    )


def catalog_state() -> list:
    """What every cached part of the public catalog is keyed by: the catalog stamp and the day
    (motcua.catalog.public_cache). Read once per request."""
    return [stamp(), timezone.localdate()]


def _filter_choices(catalog: list) -> dict[str, tuple[list[tuple[object, str]], str]]:
    """Each list filter's choices and their <option> tags (public catalog data), from the cache."""

    def build() -> dict[str, tuple[list[tuple[object, str]], str]]:
        public = in_force()
        lists = {
            "linh_vuc": [
                ("", gettext("Tất cả lĩnh vực")),
                *Field.objects.filter(pk__in=public.values("field")).values_list("pk", "name"),
            ],
            "cap": [("", gettext("Tất cả các cấp")), *((code, str(label)) for code, label in Level.choices)],
            "co_quan": [("", gettext("Tất cả cơ quan")), *offering_agencies().values_list("pk", "name")],
        }
        return {name: (choices, option_tags(choices)) for name, choices in lists.items()}

    return cached_fragment("catalog.filters", catalog, SEARCH_SECONDS, build)


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm thủ tục"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Ví dụ: dang ky khai sinh")}),
        help_text=gettext_lazy("Gõ tên hoặc mã thủ tục, có dấu hay không dấu đều được."),
    )
    linh_vuc = forms.TypedChoiceField(label=gettext_lazy("Lĩnh vực"), coerce=int, required=False, widget=QuickSelect)
    cap = forms.ChoiceField(label=gettext_lazy("Cấp thực hiện"), required=False, widget=QuickSelect)
    co_quan = forms.TypedChoiceField(
        label=gettext_lazy("Cơ quan thực hiện"), coerce=int, required=False, widget=QuickSelect
    )

    def __init__(self, *args, choices: dict[str, tuple[list[tuple[object, str]], str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, (options, tags) in choices.items():
            self.fields[name].choices = options
            self.fields[name].widget.options_html = tags


def _filtered(versions, data: dict):
    if data.get("linh_vuc"):
        versions = versions.filter(field=data["linh_vuc"])
    if data.get("cap"):
        # The JSON list as text contains the quoted code; works on SQLite and PostgreSQL alike.
        versions = versions.filter(levels__icontains=f'"{data["cap"]}"')
    if data.get("co_quan"):
        versions = versions.filter(procedure__offerings__agency=data["co_quan"], procedure__offerings__active=True)
    return versions


def _matches(catalog: list, data: dict, query: str) -> tuple[list[int], bool]:
    """(the ids of the matching versions in the order shown, approximate), from the cache. Keyed by the query's
    folded words, never stored as typed: the cache holds public ids only."""

    def build() -> tuple[list[int], bool]:
        versions = _filtered(in_force(), data)
        if query:
            result = search(query, versions)
            return result.ids, result.approximate
        return list(versions.order_by("name", "procedure__code").values_list("pk", flat=True)), False

    filters = [data.get(name) or "" for name in ("linh_vuc", "cap", "co_quan")]
    words = " ".join(query_words(query)) if query else None
    return cached_fragment("catalog.matches", [*catalog, words, *filters], SEARCH_SECONDS, build)


def _rows_html(catalog: list, ids: list[int]) -> str:
    """The result list's items for these versions, from the cache (names, codes, fields: the same for everyone)."""

    def build() -> str:
        found = ProcedureVersion.objects.select_related("procedure", "field").in_bulk(ids)
        return render_to_string("portal/catalog/_rows.html", {"rows": [found[pk] for pk in ids if pk in found]})

    return mark_safe(cached_fragment("catalog.rows", [*catalog, *ids], PAGE_SECONDS, build))


@require_GET
@anonymous_page_cache("catalog", SEARCH_SECONDS, parts=lambda request: catalog_state(), cacheable=_filters_only)
def catalog_index(request):
    """Browse by field, level and agency, and search by name or code without diacritics. The matches, the filter
    lists and the rendered rows come from the cache; the form (it shows what the visitor typed) is rendered live."""
    catalog = catalog_state()
    params = request.GET.copy()
    # Spaces do not change a search (its words do): "khai  sinh " is the same search as "khai sinh".
    params["q"] = " ".join(params.get("q", "").split())
    form = CatalogFilterForm(params, choices=_filter_choices(catalog))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    query = data.get("q") or ""
    ids, approximate = _matches(catalog, data, query)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "form": form,
        "query": query,
        "approximate": approximate,
        "page": page,
        "rows": _rows_html(catalog, list(page.object_list)) if page.object_list else "",
    }
    return render(request, "portal/catalog/index.html", context)


def _not_found(request, message: str) -> HttpResponse:
    return render(request, "portal/catalog/not_found.html", {"message": message}, status=404)


def _procedure_parts(version_id: int, page_url: str) -> dict:
    """The procedure page around its one per-user part (the "Nộp trực tuyến" button): its head and its body as
    HTML, and whether it can be filed online. Rendered without the request: nothing of the visitor is in it."""
    version = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related("methods", "documents", "fees", "legal_bases", "results")
        .get(pk=version_id)
    )
    today = timezone.localdate()
    offerings = (
        AgencyOffering.objects.filter(procedure=version.procedure, active=True)
        .exclude(agency__valid_from__gt=today)
        .exclude(agency__valid_until__lt=today)
        .select_related("agency")
        .order_by("agency__name")
    )
    level_labels = dict(Level.choices)
    online = drafts.online_offer(version.procedure) is not None
    context = {
        "version": version,
        "levels": [level_labels.get(level, level) for level in version.levels],
        "offerings": offerings,
        "publication": PublicationDecision.objects.filter(version=version).first(),
        "page_url": page_url,
        "qr": qr_svg(page_url, gettext("Mã QR dẫn đến trang thủ tục này"), scale=4),
        "online_offer": online,
    }
    return {
        "head": render_to_string("portal/catalog/_detail_head.html", context),
        "body": render_to_string("portal/catalog/_detail_body.html", context),
        "online_offer": online,
    }


@require_GET
@anonymous_page_cache("procedure", SEARCH_SECONDS, parts=lambda request: catalog_state())
def procedure_detail(request, code: str):
    """Everything Decree 63/2010 Art. 8.2 publishes about the version in force, with a QR code to this page. The
    page but its button is kept in the cache by version, day and address (motcua.catalog.public_cache)."""
    version = in_force().select_related("procedure").filter(procedure__code=code).first()
    if version is None:
        return _not_found(request, gettext("Không có thủ tục mã %(code)s đang có hiệu lực.") % {"code": code})
    page_url = request.build_absolute_uri(reverse("portal:catalog-detail", args=[code]))
    parts = cached_fragment(
        "catalog.procedure",
        [*catalog_state(), version.pk, page_url],
        PAGE_SECONDS,
        lambda: _procedure_parts(version.pk, page_url),
    )
    context = {
        "version": version,
        "head": mark_safe(parts["head"]),
        "body": mark_safe(parts["body"]),
        "online_offer": parts["online_offer"],
    }
    return render(request, "portal/catalog/detail.html", context)


@require_GET
def procedure_form(request, code: str, document_id: int):
    """The template file (mẫu đơn, tờ khai) of a required document of a version in force, and nothing else."""
    document = (
        RequiredDocument.objects.filter(pk=document_id, version__in=in_force(), version__procedure__code=code)
        .exclude(form_file="")
        .first()
    )
    if document is None:
        return _not_found(request, gettext("Không có mẫu đơn, tờ khai này."))
    try:
        handle = document.form_file.open("rb")
    except FileNotFoundError:
        return _not_found(request, gettext("Tệp mẫu đơn, tờ khai hiện không có trên máy chủ."))
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(document.form_file.name).name)


@require_GET
def posting_agencies(request):
    """Agencies with procedures in force, each with its posting sheet."""
    agencies = offering_agencies().order_by("unit__code", "name")
    return render(request, "portal/catalog/agencies.html", {"agencies": agencies})


def _posting_agency(agency_id: int) -> Agency | None:
    return offering_agencies().filter(pk=agency_id).first()


def _procedure_page_pattern(request) -> str:
    """The absolute address of a procedure's public page, with heavy.CODE_PLACEHOLDER for its code."""
    return request.build_absolute_uri(reverse("portal:catalog-detail", args=[heavy.CODE_PLACEHOLDER]))


def _sheet(request, agency: Agency, *, qr_codes: bool = True):
    pattern = _procedure_page_pattern(request)
    return posting_sheet(agency, lambda code: pattern.replace(heavy.CODE_PLACEHOLDER, code), qr_codes=qr_codes)


POSTING_PAGE_CACHE_SECONDS = 3600


@require_GET
def posting_sheet_html(request, agency_id: int):
    """The print view (A4): the same template as the PDF, each QR code an image of its own (posting_qr) instead of
    inline: encoding a commune's 240 codes took most of the page's time. The page is kept in the cache for its
    content (motcua.documents.posting.sheet_content): every visitor sees the same."""
    agency = _posting_agency(agency_id)
    if agency is None:
        return _not_found(request, gettext("Cơ quan này không có thủ tục nào đang niêm yết."))
    page = cached_fragment(
        "portal.posting_page",
        [sheet_content(agency).key, _procedure_page_pattern(request)],
        POSTING_PAGE_CACHE_SECONDS,
        lambda: render_to_string(
            "documents/posting_sheet.html", {"sheet": _sheet(request, agency, qr_codes=False)}, request=request
        ),
    )
    return HttpResponse(page)


QR_FILE_MAX_AGE = 7 * 24 * 3600


@require_GET
def posting_qr(request, code: str):
    """The QR code of a procedure's public page as an SVG file, for the posting sheet's print view; the address of a
    page never changes, so browsers keep the file for a week. Only a procedure in force has one (404 otherwise)."""
    if not in_force().filter(procedure__code=code).exists():
        return _not_found(request, gettext("Không có thủ tục mã %(code)s đang có hiệu lực.") % {"code": code})
    address = _procedure_page_pattern(request).replace(heavy.CODE_PLACEHOLDER, code)
    response = HttpResponse(qr_svg_file(address, qr_title(code), mask=FIXED_MASK), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=QR_FILE_MAX_AGE)
    return response


@require_GET
def posting_sheet_pdf(request, agency_id: int):
    """The PDF: laid out at once for a short sheet; a long one (a commune's 240 procedures, 150 pages) is made in the
    background, this address leading to its status page and download (motcua.documents.heavy). Which file a
    request shares is decided by the sheet's content key, without building the sheet."""
    agency = _posting_agency(agency_id)
    if agency is None:
        return _not_found(request, gettext("Cơ quan này không có thủ tục nào đang niêm yết."))
    content = sheet_content(agency)
    if content.size > heavy.POSTING_AT_ONCE:
        document = background.request(
            heavy.POSTING_SHEET,
            heavy.posting_params(agency, _procedure_page_pattern(request), request.build_absolute_uri("/")),
            title=gettext("Bản niêm yết thủ tục hành chính – %(agency)s (PDF)") % {"agency": agency.name},
            user=request.user,
            reuse_key=content.key,
        )
        return redirect("documents:background-status", document.key)
    sheet = _sheet(request, agency)
    html = render_to_string("documents/posting_sheet.html", {"sheet": sheet}, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), public=True)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{pdf_filename(sheet)}"'},
    )
