"""The inspection record and conclusion (biên bản kiểm tra, kết luận) as PDF (WeasyPrint, Decree 30/2020 layout)
and DOCX, both from one plain context so that they print the same thing.

The record is an official paper: it is rendered in the site's language (Vietnamese). Before signing it prints the
live figures and says it is a draft (dự thảo); after signing, the stored figures and the signing date.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from motcua.documents.dossier_forms.common import letterhead
from motcua.documents.dossier_forms.formats import dateline, day, moment
from motcua.documents.pdf import render_pdf
from motcua.reform.models import Finding, Inspection, TeamMember
from motcua.reform.printing import word
from motcua.reform.services import evidence

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def context(inspection: Inspection) -> dict:
    head = letterhead(inspection.inspecting_agency, inspection.inspected_on)
    # The record is issued by the team in the inspecting agency's name, and dated at the place inspected.
    head["parent"], head["issuer"] = inspection.inspecting_agency.name.upper(), gettext("ĐOÀN KIỂM TRA")
    head["dateline"] = dateline(inspection.target_agency, inspection.inspected_on)
    figures = evidence.figures_of(inspection)
    lead = inspection.members.filter(role=TeamMember.Role.LEAD).first()
    findings = list(inspection.findings.all())
    return {
        "head": head,
        "number": gettext("Số: %(number)s") % {"number": inspection.decision_number}
        if inspection.decision_number
        else "",
        "title": gettext("BIÊN BẢN KIỂM TRA"),
        "subtitle": gettext("Công tác cải cách hành chính và kiểm soát thủ tục hành chính"),
        "draft": not inspection.is_signed,
        "intro": gettext(
            "Ngày %(date)s, Đoàn kiểm tra của %(superior)s tiến hành kiểm tra %(title)s tại %(target)s; "
            "kỳ kiểm tra từ ngày %(start)s đến ngày %(end)s."
        )
        % {
            "date": day(inspection.inspected_on),
            "superior": inspection.inspecting_agency,
            "title": inspection.title,
            "target": inspection.target_agency,
            "start": day(inspection.period_start),
            "end": day(inspection.period_end),
        },
        "decision": gettext("Căn cứ Quyết định kiểm tra số %(number)s.") % {"number": inspection.decision_number}
        if inspection.decision_number
        else "",
        "team": [
            {"name": member.full_name, "position": member.position, "role": member.get_role_display()}
            for member in inspection.members.all()
        ],
        "checklist": [
            {
                "title": item.title,
                "figure": _figure_text(figures.get(item.measure)),
                "result": item.get_result_display(),
                "note": item.note,
            }
            for item in inspection.checklist.all()
        ],
        "strengths": [f.text for f in findings if f.kind == Finding.Kind.STRENGTH],
        "shortcomings": [f.text for f in findings if f.kind == Finding.Kind.SHORTCOMING],
        "recommendations": [
            {
                "text": r.text,
                "agency": str(r.responsible_agency),
                "deadline": day(r.deadline),
                "area": r.get_area_display(),
            }
            for r in inspection.recommendations.select_related("responsible_agency")
        ],
        "conclusion": inspection.conclusion,
        "lead_name": lead.full_name if lead else "",
        "signed": gettext("Đã ký lúc %(moment)s") % {"moment": moment(inspection.signed_at)}
        if inspection.is_signed
        else gettext("DỰ THẢO – chưa ký"),
        "t": _labels(),
    }


def _figure_text(figure) -> str:
    if figure is None:
        return ""
    return "\n".join([figure.value, *figure.lines[:5]])


def _labels() -> dict:
    return {
        "team": gettext("I. THÀNH PHẦN ĐOÀN KIỂM TRA"),
        "results": gettext("II. KẾT QUẢ KIỂM TRA THEO TIÊU CHÍ"),
        "findings": gettext("III. NHẬN XÉT, ĐÁNH GIÁ"),
        "strengths": gettext("1. Ưu điểm"),
        "shortcomings": gettext("2. Tồn tại, hạn chế"),
        "recommendations": gettext("IV. KIẾN NGHỊ, YÊU CẦU KHẮC PHỤC"),
        "conclusion": gettext("V. KẾT LUẬN"),
        "number": gettext("STT"),
        "name": gettext("Họ và tên"),
        "position": gettext("Chức vụ, đơn vị"),
        "role": gettext("Nhiệm vụ"),
        "criterion": gettext("Tiêu chí"),
        "figure": gettext("Số liệu từ hệ thống"),
        "result": gettext("Đánh giá"),
        "note": gettext("Nhận xét"),
        "content": gettext("Nội dung"),
        "agency": gettext("Cơ quan thực hiện"),
        "deadline": gettext("Thời hạn"),
        "none": gettext("Không có."),
        "target_side": gettext("ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA"),
        "lead_side": gettext("TRƯỞNG ĐOÀN KIỂM TRA"),
        "sign_hint": gettext("(Ký, ghi rõ họ tên)"),
    }


def pdf(inspection: Inspection) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reform/print/record.html", context(inspection))
    return render_pdf(html, base_url=settings.SITE_URL)


def docx(inspection: Inspection) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        values = context(inspection)
        t = values["t"]
        doc = word.new_document()
        word.letterhead(doc, values["head"], values["number"], values["title"], values["subtitle"])
        word.para(doc, (values["signed"], "i"), align=word.CENTER)
        if values["decision"]:
            word.para(doc, values["decision"], indent=True)
        word.para(doc, values["intro"], indent=True, align=word.JUSTIFY)
        word.para(doc, (t["team"], "b"))
        team = [[str(n), m["name"], m["position"], m["role"]] for n, m in enumerate(values["team"], 1)]
        word.grid(doc, [t["number"], t["name"], t["position"], t["role"]], team, [12, 50, 73, 30], empty=t["none"])
        word.para(doc, (t["results"], "b"))
        rows = [
            [str(n), item["title"], item["figure"], item["result"], item["note"]]
            for n, item in enumerate(values["checklist"], 1)
        ]
        header = [t["number"], t["criterion"], t["figure"], t["result"], t["note"]]
        word.grid(doc, header, rows, [10, 45, 55, 20, 35], empty=t["none"])
        word.para(doc, (t["findings"], "b"))
        for label, items in ((t["strengths"], values["strengths"]), (t["shortcomings"], values["shortcomings"])):
            word.para(doc, (label, "b"))
            for text in items or [t["none"]]:
                word.para(doc, f"- {text}", indent=True, align=word.JUSTIFY)
        word.para(doc, (t["recommendations"], "b"))
        recs = [[str(n), r["text"], r["agency"], r["deadline"]] for n, r in enumerate(values["recommendations"], 1)]
        word.grid(doc, [t["number"], t["content"], t["agency"], t["deadline"]], recs, [10, 85, 45, 25], empty=t["none"])
        word.para(doc, (t["conclusion"], "b"))
        for line in (values["conclusion"] or t["none"]).splitlines():
            word.para(doc, line, indent=True, align=word.JUSTIFY)
        word.signatures(
            doc, (t["target_side"], t["sign_hint"], ""), (t["lead_side"], t["sign_hint"], values["lead_name"])
        )
        return word.to_bytes(doc)


def filename(inspection: Inspection, fmt: str) -> str:
    return f"bien-ban-kiem-tra-{inspection.pk}.{fmt}"
