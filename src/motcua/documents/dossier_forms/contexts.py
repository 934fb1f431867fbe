"""The context of Mẫu 01–05 (Circular 03/2025/TT-VPCP, Annex I): one plain dict per form, built from the dossier
and the history event that produced the form, so a form printed again later reads exactly as it did that day.

The Annex's titles and numbering are followed; the text of its forms could not be read, so the wording follows the
Circular 01/2018 forms it replaces, with the names and contents Decree 118/2025 gives each form (Arts 17, 19, 21).
Mẫu 05 is new and carries what Art. 21 asks for. Every difference and its source: docs/forms.md, *Đối chiếu với
Phụ lục I, Thông tư 03/2025/TT-VPCP*.
"""

from django.utils.translation import gettext

from motcua.documents.dossier_forms.common import (
    addressee,
    applicant,
    common_labels,
    leader_name,
    letterhead,
    person_name,
    procedure,
    request_text,
)
from motcua.documents.dossier_forms.formats import moment, parse_instant, vnd
from motcua.dossiers.models import Dossier, DossierEvent, ReturnMethod, State

Kind = DossierEvent.Kind
EVENT_KINDS = {
    "01": (Kind.ACCEPTED,),
    "02": (Kind.INTAKE_SUPPLEMENT, Kind.SUPPLEMENT_REQUESTED),
    "03": (Kind.INTAKE_REFUSED, Kind.REFUSED),
    "04": (Kind.EXTENDED,),
    "05": (Kind.STOPPED,),
}
# Issued at the desk while checking the dossier, before it reaches the competent agency.
AT_INTAKE = (Kind.ACCEPTED, Kind.INTAKE_SUPPLEMENT, Kind.INTAKE_REFUSED)


def _issuer(dossier: Dossier, event: DossierEvent):
    if event.actor_agency_id:
        return event.actor_agency
    return dossier.receiving_agency if event.kind in AT_INTAKE else dossier.competent_agency


def _base(form: str, title: str, dossier: Dossier, event: DossierEvent) -> dict:
    issuer = _issuer(dossier, event)
    return {
        "form": form,
        "title": title,
        "head": letterhead(issuer, event.at),
        "issuer": issuer.name,
        "code": dossier.code or "",
        "applicant": applicant(dossier),
        "procedure": procedure(dossier),
        "request": request_text(dossier),
        "t": common_labels(),
    }


def receipt(dossier: Dossier, event: DossierEvent, tracking_url: str) -> dict:
    """Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Decree 118 Art. 17.3)."""
    context = _base("01", gettext("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), dossier, event)
    details = event.details or {}
    # As recorded at acceptance: the version's required components and the fees charged for the channel.
    documents, fees = details.get("documents", []), details.get("fees", [])
    method = dossier.method
    place = dossier.get_return_method_display()
    if dossier.return_method == ReturnMethod.DESK:
        desk = dossier.receiving_agency
        place = f"{place}: {desk.name}" + (f", {desk.address}" if desk.address else "")
    received_at = dossier.received_at or event.at
    context.update(
        desk=dossier.receiving_agency.name,
        documents=[
            {
                "number": number,
                "name": doc.get("name", ""),
                "originals": doc.get("originals", ""),
                "copies": doc.get("copies", ""),
            }
            for number, doc in enumerate(documents, start=1)
        ],
        copies=dossier.copies,
        legal_time=method.duration_label or method.time_text,
        received_at=moment(received_at),
        due_at=moment(event.due_at or dossier.due_at),
        return_place=place,
        fees=[{"name": fee.get("name", ""), "amount": vnd(fee.get("amount_vnd"))} for fee in fees],
        fees_total=vnd(sum(fee.get("amount_vnd") or 0 for fee in fees)) if fees else "",
        tracking_url=tracking_url,
        submitter_sign=dossier.submitter_name or dossier.applicant_name,
        officer_sign=person_name(event.actor or dossier.received_by),
    )
    context["t"].update(
        desk=gettext("Bộ phận Một cửa:"),
        applicant=gettext("Tiếp nhận hồ sơ của:"),
        documents=gettext("1. Thành phần hồ sơ nộp gồm:"),
        doc_number=gettext("TT"),
        doc_name=gettext("Tên giấy tờ"),
        doc_originals=gettext("Bản chính"),
        doc_copies=gettext("Bản sao"),
        no_documents=gettext("(không có giấy tờ kèm theo)"),
        copies=gettext("2. Số lượng hồ sơ:"),
        copies_unit=gettext("bộ"),
        legal_time=gettext("3. Thời gian giải quyết hồ sơ theo quy định là:"),
        received_at=gettext("4. Thời gian nhận hồ sơ:"),
        due_at=gettext("5. Thời gian trả kết quả giải quyết hồ sơ:"),
        return_place=gettext("6. Đăng ký nhận kết quả tại:"),
        fees=gettext("Phí, lệ phí (nếu có):"),
        no_fees=gettext("Không thu phí, lệ phí."),
        fees_total=gettext("Tổng cộng:"),
        book=gettext("Vào Sổ theo dõi hồ sơ, Quyển số: ……… Số thứ tự: ………"),
        tracking=gettext("Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc quét mã QR:"),
        qr_title=gettext("Mã QR tra cứu hồ sơ %(code)s") % {"code": dossier.code or ""},
        submitter_role=gettext("NGƯỜI NỘP HỒ SƠ"),
        officer_role=gettext("NGƯỜI TIẾP NHẬN HỒ SƠ"),
        notes=gettext("Ghi chú:"),
        copies_note=gettext(
            "Giấy tiếp nhận được lập thành 02 liên: 01 liên giao cho người nộp hồ sơ, 01 liên chuyển kèm Phiếu "
            "kiểm soát quá trình giải quyết hồ sơ và lưu tại Bộ phận Một cửa."
        ),
        # The 2018 note named the desk or the post; Decree 118 Art. 15 adds the online return on the national portal.
        return_note=gettext(
            "Tổ chức, cá nhân có thể đăng ký nhận kết quả trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính "
            "công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia."
        ),
    )
    return context


def supplement_request(dossier: Dossier, event: DossierEvent) -> dict:
    """Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Art. 17.1.c at the desk, Art. 19.5 after appraisal)."""
    context = _base("02", gettext("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"), dossier, event)
    details = event.details or {}
    at_intake = event.kind == Kind.INTAKE_SUPPLEMENT
    params = {
        "addressee": addressee(dossier),
        "contact": details.get("contact", "") or context["issuer"],
    }
    if at_intake:
        note = gettext(
            "Hồ sơ chưa được tiếp nhận: thời hạn giải quyết chỉ bắt đầu tính khi hồ sơ đầy đủ, hợp lệ được tiếp nhận."
        )
    else:
        note = gettext(
            "Thời hạn giải quyết được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung; quá thời hạn nộp bổ sung "
            "mà hồ sơ không được bổ sung thì hồ sơ bị đóng (khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP)."
        )
    due = parse_instant(details.get("supplement_due_at"))
    context.update(
        items=[{"number": n, "text": item} for n, item in enumerate(details.get("items", []), start=1)],
        reason=details.get("reason", ""),
        supplement_due=moment(due),
        signer_name=person_name(event.actor),
    )
    context["t"].update(
        intro=gettext("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"),
        reason=gettext("Lý do:"),
        supplement_due=gettext("Hạn nộp hồ sơ bổ sung: đến"),
        contact=gettext(
            "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, %(addressee)s liên hệ %(contact)s để được "
            "hướng dẫn./."
        )
        % params,
        note=note,
        signer_role=gettext("NGƯỜI HƯỚNG DẪN") if at_intake else gettext("CÁN BỘ GIẢI QUYẾT HỒ SƠ"),
    )
    return context


def refusal(dossier: Dossier, event: DossierEvent) -> dict:
    """Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ (Art. 17.1.c at the desk, Art. 19.3 after appraisal)."""
    context = _base("03", gettext("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"), dossier, event)
    at_intake = event.kind == Kind.INTAKE_REFUSED
    params = {"agency": context["issuer"], "addressee": addressee(dossier)}
    if at_intake:
        intro = gettext(
            "Qua xem xét, %(agency)s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
        )
        signer = person_name(event.actor)
    else:
        intro = gettext("Qua thẩm định, %(agency)s thông báo không giải quyết hồ sơ này với lý do cụ thể như sau:")
        signer = leader_name(event.actor, _issuer(dossier, event))
    context.update(reason=(event.details or {}).get("reason", "") or event.note, signer_name=signer)
    context["t"].update(
        applicant=gettext("Tiếp nhận hồ sơ của:"),
        intro=intro % params,
        closing=gettext("Xin thông báo cho %(addressee)s được biết và thực hiện./.") % params,
        signer_role=gettext("NGƯỜI TIẾP NHẬN HỒ SƠ") if at_intake else gettext("THỦ TRƯỞNG CƠ QUAN"),
        signer_hint=context["t"]["sign_hint"] if at_intake else context["t"]["seal_hint"],
    )
    return context


def apology(dossier: Dossier, event: DossierEvent) -> dict:
    """Mẫu 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Decree 118 Art. 19.6: once; due at least one
    calendar day before the due date, and still issued, recorded as late, after it). It names the applicant and, as
    the article asks, states "lý do quá hạn" and "thời gian đề nghị gia hạn trả kết quả"."""
    context = _base("04", gettext("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"), dossier, event)
    details = event.details or {}
    issuer = _issuer(dossier, event)
    params = {
        "agency": context["issuer"],
        "desk": dossier.receiving_agency.name,
        "addressee": addressee(dossier),
        "name": dossier.applicant_name,
    }
    context.update(
        received_at=moment(dossier.received_at),
        previous_due=moment(parse_instant(details.get("previous_due_at"))),
        new_due=moment(parse_instant(details.get("new_due_at")) or event.due_at),
        reason=details.get("reason", "") or event.note,
        signer_name=leader_name(event.actor, issuer),
        recipients=[
            gettext("Như trên;"),
            gettext("%(desk)s (để theo dõi);") % params,
            gettext("Lưu: VT."),
        ],
    )
    context["t"].update(
        intro=gettext("%(desk)s đã tiếp nhận hồ sơ của %(addressee)s %(name)s:") % params,
        received_at=gettext("Thời gian nhận hồ sơ:"),
        previous_due=gettext("Thời gian hẹn trả kết quả giải quyết hồ sơ:"),
        late=gettext(
            "Tuy nhiên, %(agency)s không thể trả kết quả giải quyết hồ sơ đúng thời gian đã hẹn trên Giấy tiếp "
            "nhận hồ sơ và hẹn trả kết quả."
        )
        % params,
        reason=gettext("Lý do quá hạn:"),
        apology=gettext(
            "Sự chậm trễ này gây phiền hà cho %(addressee)s. %(agency)s xin lỗi %(addressee)s và đề nghị gia hạn "
            "thời gian giải quyết hồ sơ."
        )
        % params,
        new_due=gettext("Thời gian đề nghị gia hạn trả kết quả: đến"),
        thanks=gettext("Xin trân trọng cảm ơn sự thông cảm và hợp tác của %(addressee)s./.") % params,
        signer_role=gettext("THỦ TRƯỞNG CƠ QUAN"),
    )
    return context


def stop_notice(dossier: Dossier, event: DossierEvent) -> dict:
    """Mẫu 05 Thông báo dừng giải quyết hồ sơ (Art. 21: at the applicant's request, until the decision)."""
    context = _base("05", gettext("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"), dossier, event)
    details = event.details or {}
    issuer = _issuer(dossier, event)
    params = {
        "agency": context["issuer"],
        "desk": dossier.receiving_agency.name,
        "addressee": addressee(dossier),
        "at": moment(event.at),
    }
    context.update(
        received_at=moment(dossier.received_at),
        stop_request=details.get("reason", "") or event.note,
        stage=details.get("stage", "") or (str(State(event.from_state).label) if event.from_state else ""),
        decision=gettext("%(agency)s dừng giải quyết hồ sơ nêu trên kể từ %(at)s.") % params,
        refund=details.get("refund", "") or gettext("Không có khoản hoàn trả."),
        signer_name=leader_name(event.actor, issuer),
        recipients=[
            gettext("Như trên;"),
            gettext("%(desk)s (để theo dõi);") % params,
            gettext("Lưu: VT."),
        ],
    )
    context["t"].update(
        intro=gettext("%(desk)s đã tiếp nhận hồ sơ của %(addressee)s:") % params,
        received_at=gettext("Thời gian nhận hồ sơ:"),
        stop_request=gettext("Yêu cầu dừng giải quyết hồ sơ của %(addressee)s:") % params,
        stage=gettext("Giai đoạn giải quyết khi dừng:"),
        decision=gettext("Quyết định:"),
        refund=gettext("Hoàn trả hồ sơ, phí, lệ phí:"),
        signer_role=gettext("THỦ TRƯỞNG CƠ QUAN"),
    )
    return context


BUILDERS = {"02": supplement_request, "03": refusal, "04": apology, "05": stop_notice}
