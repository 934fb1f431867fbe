"""Demo of inter-agency work and of the online check's forwarding, added after the other seeds (`motcua demo`).

- Liên thông (Decree 118/2025 Art. 20.2): a dossier of xã Hồng Vân still being resolved with two parts sent in
  parallel — the commune police's past its own deadline, the social-insurance office's received and in time — and a
  finished one whose parts, given one after the other, were both done with their result files. The participating
  agencies' queue «Phần việc liên thông được giao» (`/can-bo/lien-thong/`) so has open, late and done parts.
- Chuyển cơ quan có thẩm quyền (Art. 17.2): xã Thường Tín's centre receives the mediation procedure online too, its
  committee resolves it, and an online submission of a Thường Tín resident waits for the check at Hồng Vân's desk,
  so the desk is offered the forward (motcua.dossiers.forwarding).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import AgencyOffering, Channel, Procedure, ProcedureMethod
from motcua.demo.catalog_seed import CENTRE, COMMITTEE, POLICE
from motcua.demo.group_seed import SOCIAL_INSURANCE, _morning
from motcua.documents.pdf import render_pdf
from motcua.dossiers import interagency, lifecycle
from motcua.dossiers.models import ApplicantKind, Dossier, InteragencyPart
from motcua.dossiers.uploads import Upload
from motcua.notify.services import muted
from motcua.orgs.models import Agency

CODE = "1.002211"  # resolved by the commune committee, received online and on paper at the commune centres
OTHER_CENTRE = "Trung tâm Phục vụ hành chính công xã Thường Tín"
OTHER_COMMITTEE = "Ủy ban nhân dân xã Thường Tín"
HOUR = datetime.timedelta(hours=1)
DAY = 8 * 60  # one working day, in working minutes


def _staff(username: str) -> User:
    return User.objects.get(username=username)


def _applicant(name: str, id_number: str, address: str) -> lifecycle.Applicant:
    return lifecycle.Applicant(
        kind=ApplicantKind.PERSON, name=name, id_number=id_number, phone="0912000111", address=address
    )


def _intake(channel: str, applicant: lifecycle.Applicant) -> lifecycle.Intake:
    return lifecycle.Intake(
        method=ProcedureMethod.objects.get(version__procedure__code=CODE, version__status="published", channel=channel),
        receiving_agency=Agency.objects.get(name=CENTRE),
        competent_agency=Agency.objects.get(name=COMMITTEE),
        applicant=applicant,
        request_summary="Hòa giải tranh chấp ranh giới đất giữa hai hộ liền kề",
    )


def _processing(applicant: lifecycle.Applicant, received: datetime.datetime) -> Dossier:
    desk, leader = _staff("tiepnhan.hongvan"), _staff("lanhdao.hongvan")
    dossier = lifecycle.accept(desk, _intake(Channel.DIRECT, applicant), at=received)
    dossier = lifecycle.transfer(desk, dossier, at=received + HOUR / 2)
    return lifecycle.assign(leader, dossier, specialist=_staff("chuyenvien.hongvan"), at=received + HOUR)


def _result(pdf: bytes, name: str) -> Upload:
    return Upload(SimpleUploadedFile(name, pdf, content_type="application/pdf"))


def _part(dossier: Dossier, agency: Agency) -> InteragencyPart:
    return dossier.parts.get(agency=agency)


def seed_parts(now: datetime.datetime) -> list[Dossier]:
    specialist = _staff("chuyenvien.hongvan")
    police, office = Agency.objects.get(name=POLICE), Agency.objects.get(name=SOCIAL_INSURANCE)
    police_staff, office_staff = _staff("chuyenvien.congan.hongvan"), _staff("chuyenvien.bhxh")
    # In progress: sent three working days ago; the police had one working day (late now), the office ten.
    received = _morning(now, 3)
    open_one = _processing(
        _applicant("Lê Văn Hải", "001088004567", "Thôn Đông Cứu, xã Hồng Vân, Thành phố Hà Nội"), received
    )
    sent = received + 2 * HOUR
    lifecycle.send_parts(
        specialist,
        open_one,
        parts=[
            interagency.PartRequest(police, "Xác minh nơi cư trú của hai hộ gia đình", DAY),
            interagency.PartRequest(office, "Xác nhận thời gian tham gia bảo hiểm xã hội của ông Hải", 10 * DAY),
        ],
        parallel=True,
        at=sent,
    )
    lifecycle.receive_part(office_staff, _part(open_one, office), at=sent + HOUR)
    # Finished: the police, then the office (Art. 20.2.a), each answered with its result; signed and returned.
    received = _morning(now, 8)
    done = _processing(
        _applicant("Đỗ Thị Hoa", "001190007788", "Thôn Vân Hòa, xã Hồng Vân, Thành phố Hà Nội"), received
    )
    sent = received + 2 * HOUR
    lifecycle.send_parts(
        specialist,
        done,
        parts=[
            interagency.PartRequest(police, "Xác minh nơi cư trú", 2 * DAY),
            interagency.PartRequest(office, "Xác nhận thời gian tham gia bảo hiểm xã hội", 3 * DAY),
        ],
        parallel=False,
        at=sent,
    )
    pdf = render_pdf("<h1>Kết quả phần việc liên thông</h1><p>Đã xác minh theo yêu cầu.</p>", "/")
    lifecycle.receive_part(police_staff, _part(done, police), at=sent + HOUR)
    lifecycle.complete_part(
        police_staff,
        _part(done, police),
        document=_result(pdf, "xac-minh-cu-tru.pdf"),
        note="Đúng nơi cư trú",
        at=sent + 3 * HOUR,
    )
    lifecycle.complete_part(
        office_staff,
        _part(done, office),
        document=_result(pdf, "xac-nhan-bhxh.pdf"),
        note="Đã xác nhận",
        at=sent + 24 * HOUR,
    )
    leader, desk = _staff("lanhdao.hongvan"), _staff("tiepnhan.hongvan")
    finished = lifecycle.submit_for_signature(specialist, done, note="Dự thảo biên bản hòa giải", at=sent + 26 * HOUR)
    finished = lifecycle.sign(leader, finished, at=sent + 27 * HOUR)
    finished = lifecycle.mark_ready(desk, finished, at=sent + 28 * HOUR)
    finished = lifecycle.return_result(desk, finished, at=sent + 48 * HOUR)
    return [open_one, finished]


def seed_second_online_desk(now: datetime.datetime) -> Dossier:
    """Thường Tín's centre receives the procedure online and its committee resolves it; a Thường Tín resident filed
    at Hồng Vân's desk an hour ago, so the desk may forward the submission there (Art. 17.2)."""
    procedure = Procedure.objects.get(code=CODE)
    AgencyOffering.objects.update_or_create(
        procedure=procedure,
        agency=Agency.objects.get(name=OTHER_CENTRE),
        defaults={"receives": True, "resolves": False, "channels": [Channel.ONLINE, Channel.DIRECT]},
    )
    AgencyOffering.objects.update_or_create(
        procedure=procedure,
        agency=Agency.objects.get(name=OTHER_COMMITTEE),
        defaults={"receives": False, "resolves": True},
    )
    applicant = _applicant("Vũ Văn Long", "001092003344", "Thôn Phú Mỹ, xã Thường Tín, Thành phố Hà Nội")
    return lifecycle.submit_online(None, _intake(Channel.ONLINE, applicant), at=now - HOUR)


def seed_interagency(progress=lambda _message: None, *, now: datetime.datetime | None = None) -> list[Dossier]:
    """Once only: nothing is added when a part was already given."""
    if InteragencyPart.objects.exists():
        progress("Đã có phần việc liên thông: bỏ qua.")
        return []
    now = now or timezone.now()
    progress("Tạo hồ sơ liên thông mẫu (phần việc của cơ quan phối hợp) và hồ sơ nộp nhầm nơi tiếp nhận…")
    with muted(), transaction.atomic():
        return [*seed_parts(now), seed_second_online_desk(now)]
