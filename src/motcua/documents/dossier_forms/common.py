"""Parts every form shares: the Decree 30/2020 letterhead, the applicant, the procedure, the signer.

All values are plain strings (or lists and dicts of them), already formatted and translated, so the HTML and the
DOCX template print exactly the same thing.
"""

import datetime

from django.utils.translation import gettext

from motcua.accounts.models import Role
from motcua.accounts.scope import held_roles
from motcua.documents.dossier_forms.formats import dateline
from motcua.dossiers.models import ApplicantKind, Dossier
from motcua.orgs.models import Agency


def letterhead(issuer: Agency, issued: datetime.datetime | datetime.date | None) -> dict:
    """Left: the governing body (not printed for a People's Committee, which has none on its papers) above the
    issuing body; right: the national motto; below it the place and date line."""
    parent = issuer.parent if issuer.parent_id and issuer.kind != Agency.Kind.PEOPLES_COMMITTEE else None
    return {
        "parent": parent.name.upper() if parent else "",
        "issuer": issuer.name.upper(),
        "motto": gettext("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "motto_sub": gettext("Độc lập - Tự do - Hạnh phúc"),
        "dateline": dateline(issuer, issued) if issued else "",
    }


def addressee(dossier: Dossier) -> str:
    """How the form speaks to the applicant: a person is "Ông/Bà", an organisation "tổ chức"."""
    return gettext("tổ chức") if dossier.applicant_kind == ApplicantKind.ORGANISATION else gettext("Ông/Bà")


def applicant(dossier: Dossier) -> dict:
    return {
        "name": dossier.applicant_name,
        "submitter": dossier.submitter_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "addressee": addressee(dossier),
    }


def procedure(dossier: Dossier) -> dict:
    return {"name": dossier.version.name, "code": dossier.version.procedure.code}


def request_text(dossier: Dossier) -> str:
    """The content the applicant asks for (nội dung yêu cầu giải quyết); the procedure's name when not given."""
    return dossier.request_summary.strip() or dossier.version.name


def person_name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def leader_name(user, agency: Agency) -> str:
    """The name under a head-of-agency signature: printed only when the user is a leader (người ký) there."""
    if user is None or (Role.LEADER, agency.pk) not in held_roles(user):
        return ""
    return person_name(user)


def common_labels() -> dict:
    """The labels several forms share, worded as on the Circular 01/2018 forms that Annex I replaces (docs/forms.md,
    *Đối chiếu với Phụ lục I*): phone and e-mail on one line ("Số điện thoại: … Email: …"), "(Ký và ghi rõ họ
    tên)" under a signature, "(Ký, ghi rõ họ tên và đóng dấu)" under the head of an agency's; "Số: ……/……" is
    numbered by hand."""
    return {
        "code": gettext("Mã hồ sơ:"),
        "applicant": gettext("Hồ sơ của:"),
        "submitter": gettext("Người nộp thay:"),
        "address": gettext("Địa chỉ:"),
        "phone": gettext("Số điện thoại:"),
        "email": gettext("Email:"),
        "procedure": gettext("Thủ tục hành chính:"),
        "request": gettext("Nội dung yêu cầu giải quyết:"),
        "sign_hint": gettext("(Ký và ghi rõ họ tên)"),
        "seal_hint": gettext("(Ký, ghi rõ họ tên và đóng dấu)"),
        "recipients": gettext("Nơi nhận:"),
        "dear": gettext("Kính gửi:"),
        "number": gettext("Số: ……/……"),
    }
