"""Public catalog pages (tra cứu thủ tục hành chính) and posting sheets (niêm yết): no login needed.

Only versions in force today are shown (motcua.catalog.search.in_force); drafts and expired versions never are.
"""

from pathlib import PurePosixPath

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from motcua.catalog.models import AgencyOffering, Field, Level, ProcedureVersion, PublicationDecision, RequiredDocument
from motcua.catalog.search import in_force, search
from motcua.documents.pdf import render_pdf
from motcua.documents.posting import offering_agencies, pdf_filename, posting_sheet
from motcua.documents.qr import qr_svg
from motcua.orgs.models import Agency
from motcua.portal import drafts

PAGE_SIZE = 20


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm thủ tục"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Ví dụ: dang ky khai sinh")}),
        help_text=gettext_lazy("Gõ tên hoặc mã thủ tục, có dấu hay không dấu đều được."),
    )
    linh_vuc = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"),
        queryset=Field.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả lĩnh vực"),
    )
    cap = forms.ChoiceField(label=gettext_lazy("Cấp thực hiện"), required=False)
    co_quan = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan thực hiện"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả cơ quan"),
    )

    def __init__(self, *args, public_versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].queryset = Field.objects.filter(pk__in=public_versions.values("field"))
        self.fields["cap"].choices = [("", gettext("Tất cả các cấp")), *Level.choices]
        self.fields["co_quan"].queryset = offering_agencies()


def _filtered(versions, data: dict):
    if data.get("linh_vuc"):
        versions = versions.filter(field=data["linh_vuc"])
    if data.get("cap"):
        # The JSON list as text contains the quoted code; works on SQLite and PostgreSQL alike.
        versions = versions.filter(levels__icontains=f'"{data["cap"]}"')
    if data.get("co_quan"):
        versions = versions.filter(procedure__offerings__agency=data["co_quan"], procedure__offerings__active=True)
    return versions


@require_GET
def catalog_index(request):
    """Browse by field, level and agency, and search by name or code without diacritics."""
    public = in_force()
    form = CatalogFilterForm(request.GET, public_versions=public)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    versions = _filtered(public, data)
    query = (data.get("q") or "").strip()
    approximate = False
    if query:
        result = search(query, versions)
        approximate = result.approximate
        page = Paginator(result.ids, PAGE_SIZE).get_page(request.GET.get("trang"))
        found = ProcedureVersion.objects.select_related("procedure", "field").in_bulk(page.object_list)
        rows = [found[pk] for pk in page.object_list]
    else:
        ordered = versions.select_related("procedure", "field").order_by("name", "procedure__code")
        page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("trang"))
        rows = list(page.object_list)
    context = {"form": form, "query": query, "approximate": approximate, "page": page, "rows": rows}
    return render(request, "portal/catalog/index.html", context)


def _not_found(request, message: str) -> HttpResponse:
    return render(request, "portal/catalog/not_found.html", {"message": message}, status=404)


@require_GET
def procedure_detail(request, code: str):
    """Everything Decree 63/2010 Art. 8.2 publishes about the version in force, with a QR code to this page."""
    version = (
        in_force()
        .select_related("procedure", "field")
        .prefetch_related("methods", "documents", "fees", "legal_bases", "results")
        .filter(procedure__code=code)
        .first()
    )
    if version is None:
        return _not_found(request, gettext("Không có thủ tục mã %(code)s đang có hiệu lực.") % {"code": code})
    today = timezone.localdate()
    offerings = (
        AgencyOffering.objects.filter(procedure=version.procedure, active=True)
        .exclude(agency__valid_from__gt=today)
        .exclude(agency__valid_until__lt=today)
        .select_related("agency")
        .order_by("agency__name")
    )
    page_url = request.build_absolute_uri(reverse("portal:catalog-detail", args=[code]))
    level_labels = dict(Level.choices)
    context = {
        "version": version,
        "levels": [level_labels.get(level, level) for level in version.levels],
        "offerings": offerings,
        "publication": PublicationDecision.objects.filter(version=version).first(),
        "page_url": page_url,
        "qr": qr_svg(page_url, gettext("Mã QR dẫn đến trang thủ tục này"), scale=4),
        "online_offer": drafts.online_offer(version.procedure),
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


def _sheet_or_none(request, agency_id: int):
    agency = offering_agencies().filter(pk=agency_id).first()
    if agency is None:
        return None
    return posting_sheet(agency, lambda code: request.build_absolute_uri(reverse("portal:catalog-detail", args=[code])))


@require_GET
def posting_sheet_html(request, agency_id: int):
    """The print view (A4): the same template as the PDF."""
    sheet = _sheet_or_none(request, agency_id)
    if sheet is None:
        return _not_found(request, gettext("Cơ quan này không có thủ tục nào đang niêm yết."))
    return render(request, "documents/posting_sheet.html", {"sheet": sheet})


@require_GET
def posting_sheet_pdf(request, agency_id: int):
    sheet = _sheet_or_none(request, agency_id)
    if sheet is None:
        return _not_found(request, gettext("Cơ quan này không có thủ tục nào đang niêm yết."))
    html = render_to_string("documents/posting_sheet.html", {"sheet": sheet}, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{pdf_filename(sheet)}"'},
    )
