"""Demo dossiers (hồ sơ mẫu): about 300 dossiers at xã Hồng Vân over the last four months, every one taken through
motcua.dossiers.lifecycle with explicit times (`at=`), as the desk, the specialists and the leaders would have
done it on the working days and hours of the real calendar.

The mix covers the branches of Decree 118/2025 Arts 15–24: returned early, on time and late (signed after the due
instant); apology and extension; supplement after appraisal (received, still awaited, or closed by the automatic
task 15 days after the notice); refused after appraisal; refused or returned for completion at intake; withdrawn;
consultations between UBND xã and Công an xã (answered, and still awaited); a corrected result; and dossiers still
being handled, some of them overdue. Both competent agencies (UBND xã Hồng Vân, Công an xã Hồng Vân) and several
procedures appear, among them those with an internal process in the demo catalog.

Each dossier is first planned — pure computation on the competent agency's calendar: every moment a working
moment, none in the future, every legal limit of the lifecycle respected — and the plans are then played in the
order the dossiers arrived, so that the day numbers of the codes follow the clock. Deterministic for a given seed
and `now`. Runs once: skipped when the centre already has dossiers. Names, numbers and addresses are invented.
"""

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import AgencyOffering, Channel, ProcedureMethod
from motcua.demo.catalog_seed import CENTRE, COMMITTEE, POLICE
from motcua.dossiers import lifecycle
from motcua.dossiers.models import ApplicantKind, Dossier, ReturnMethod
from motcua.dossiers.steps import transfer_due
from motcua.notify.services import muted
from motcua.orgs.models import Agency
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.durations import Duration
from motcua.workcal.engine import WorkingCalendar

SEED = 2026
HISTORY_DAYS = 122  # about four months back from today
DAY = 8 * 60  # working minutes in a working day
MINUTE = datetime.timedelta(minutes=1)
# Illustrative identifier (QĐ 20/2020 format): the commune police needs one to number the dossiers it resolves.

# Scenario → number of dossiers (300 in all).
SCENARIOS = {
    "returned_on_time": 77,
    "returned_early": 38,
    "returned_late": 18,
    "extended_returned": 7,
    "extended_open": 3,
    "supplemented_returned": 12,
    "awaiting_supplement": 9,
    "closed_unsupplemented": 7,
    "refused": 10,
    "refused_at_intake": 8,
    "intake_supplement": 14,
    "withdrawn": 9,
    "consulted_returned": 14,
    "consulting": 5,
    "processing": 48,
    "overdue": 14,
    "awaiting_intake": 4,
    "corrected": 3,
}
# Working days back (0 = the latest working day) from which each scenario's dossiers arrive.
WINDOWS = {
    "awaiting_supplement": (1, 10),
    "closed_unsupplemented": (14, 84),
    "extended_open": (1, 25),
    "consulting": (1, 20),
    "processing": (0, 20),
    "overdue": (3, 45),
    "awaiting_intake": (0, 1),
}
FULL_WINDOW = (0, 84)
ONLINE_SHARE = 0.05  # submitted online by the demo citizen (Nguyễn Văn An), who then follows them on the portal
# How far the dossiers still being handled have gone: each phase's share of the "processing" scenario (sums to
# its 48 dossiers, so that every phase is there whatever the day; a phase that cannot fit today is replaced).
PROCESSING_PHASES = {
    "received": 2,
    "transferred": 4,
    "processing": 21,
    "awaiting_signature": 9,
    "result_issued": 3,
    "ready_for_return": 9,
}
PHASE_TRIES = 100  # attempts at the intended phase before any phase will do


@dataclass(frozen=True)
class Offer:
    """A procedure of the demo catalog as the demo uses it: how often, what the applicant asks, who is consulted."""

    code: str
    weight: int
    summary: str = ""  # "{child}", "{relative}", "{other}", "{address}", "{org}" are filled in
    consult: str = ""  # what the competent agency asks the other one to verify (inter-agency dossiers)
    organisation: bool = False


OFFERS = (
    # UBND xã Hồng Vân
    Offer("1.001193", 14, "Đăng ký khai sinh cho con: {child}"),
    Offer("1.000656", 4, "Đăng ký khai tử cho {relative}"),
    Offer("1.004837", 3, "Đăng ký giám hộ cho cháu {child}"),
    Offer("2.000908", 4, "Cấp bản sao Giấy khai sinh từ sổ gốc"),
    Offer("1.002211", 2),
    Offer("1.012812", 3, "Hòa giải tranh chấp ranh giới thửa đất với hộ {other}, {address}"),
    Offer("1.013225", 4, "Cấp giấy phép xây dựng nhà ở riêng lẻ tại {address}"),
    Offer("1.013227", 2, "Gia hạn giấy phép xây dựng nhà ở riêng lẻ tại {address}"),
    Offer(
        "1.012753",
        5,
        "Đăng ký đất đai, cấp Giấy chứng nhận lần đầu cho thửa đất tại {address}",
        consult="Đề nghị xác minh thông tin cư trú, thời điểm bắt đầu ở ổn định tại thửa đất {address}.",
    ),
    Offer(
        "1.014632",
        2,
        "Đăng ký mua nhà ở xã hội",
        consult="Đề nghị xác minh nơi thường trú và số thành viên hộ gia đình của người đăng ký.",
    ),
    Offer(
        "2.000986",
        3,
        "Đăng ký khai sinh, thường trú, cấp thẻ BHYT cho con: {child}",
        consult="Đề nghị đăng ký thường trú cho trẻ theo hồ sơ liên thông đính kèm.",
    ),
    Offer("1.011607", 2, "Đề nghị công nhận hộ cận nghèo năm 2026"),
    Offer("1.005280", 2, "Đăng ký thành lập {org}", organisation=True),
    # Công an xã Hồng Vân
    Offer(
        "1.004222",
        8,
        "Đăng ký thường trú tại {address}",
        consult="Đề nghị xác nhận chỗ ở hợp pháp, nguồn gốc nhà đất tại {address}.",
    ),
    Offer("1.004194", 8, "Đăng ký tạm trú tại {address}"),
    Offer("1.002755", 3, "Gia hạn tạm trú tại {address}"),
    Offer(
        "1.010038",
        3,
        "Tách hộ khỏi hộ gia đình {other}",
        consult="Đề nghị xác nhận chỗ ở hợp pháp của hộ mới tách tại {address}.",
    ),
    Offer("1.010028", 2, "Xóa đăng ký tạm trú"),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh")
MIDDLE = {"nam": ("Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu"), "nữ": ("Thị", "Thu", "Ngọc", "Thanh", "Phương")}
GIVEN = {
    "nam": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn"),
    "nữ": ("Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Thảo", "Yến"),
}
HAMLETS = ("Vân Tảo", "Vân La", "Liên Phương", "Ninh Sở", "Hồng Vân", "Đông Cứu")
ORGANISATIONS = (
    "Hợp tác xã Nông nghiệp Vân Tảo",
    "Hợp tác xã Dịch vụ điện năng Hồng Vân",
    "Hợp tác xã Mây tre đan Vân La",
    "Hợp tác xã Rau an toàn Liên Phương",
)
INTAKE_REFUSALS = (
    "Người nộp không xuất trình được giấy tờ chứng minh nhân thân khi nộp hồ sơ.",
    "Yêu cầu không thuộc phạm vi giải quyết của thủ tục đã chọn; đã hướng dẫn nộp theo thủ tục phù hợp.",
    "Giấy tờ trong hồ sơ có dấu hiệu tẩy xóa, sửa chữa nội dung.",
)
REFUSALS = (
    "Người yêu cầu không đủ điều kiện theo quy định của thủ tục.",
    "Kết quả xác minh cho thấy thông tin kê khai không đúng thực tế.",
    "Nội dung đề nghị không phù hợp với quy định hiện hành.",
)
STOP_REASONS = (
    "Người yêu cầu có đơn xin rút hồ sơ để hoàn thiện lại giấy tờ.",
    "Người yêu cầu không còn nhu cầu giải quyết.",
)
EXTENSION_REASONS = (
    "Cần thêm thời gian xác minh thực địa do mưa bão kéo dài.",
    "Chờ ý kiến của cơ quan liên quan về nguồn gốc sử dụng đất.",
    "Số lượng hồ sơ tăng đột biến trong đợt cao điểm, cần thêm thời gian thẩm định.",
)
SEND_BACK_REASONS = (
    "Đề nghị kiểm tra lại căn cứ pháp lý trong dự thảo.",
    "Dự thảo ghi sai địa chỉ thường trú của người yêu cầu; đề nghị sửa lại.",
)
ANSWERS = (
    "Đã xác minh: thông tin cư trú đúng với hồ sơ.",
    "Xác nhận nhà ở sử dụng ổn định, không có tranh chấp.",
    "Đã kiểm tra trên Cơ sở dữ liệu quốc gia về dân cư, thông tin khớp với hồ sơ.",
)


@dataclass
class Plan:
    """One dossier's story: timed actions, each called with the dossier so far (None before the intake)."""

    scenario: str
    steps: list[tuple[datetime.datetime, Callable]] = field(default_factory=list)
    close_at: datetime.datetime | None = None  # when the automatic task closes it (no supplement arrived)

    @property
    def start(self) -> datetime.datetime:
        return self.steps[0][0]

    @property
    def end(self) -> datetime.datetime:
        return max([self.steps[-1][0], *([self.close_at] if self.close_at else [])])


class Rejected(Exception):
    """A sampled arrival does not fit the scenario (e.g. it would need a moment after now): sample again."""


class _Demo:
    """What the plans need: the people, the agencies, the calendars, the procedures, and the random source."""

    def __init__(self, rng: random.Random, now: datetime.datetime):
        self.rng, self.now = rng, now
        self.centre = Agency.objects.get(name=CENTRE)
        committee = Agency.objects.get(name=COMMITTEE)
        police = Agency.objects.get(name=POLICE)
        names = [
            "tiepnhan.hongvan",
            "chuyenvien.hongvan",
            "lanhdao.hongvan",
            "chuyenvien.congan.hongvan",
            "lanhdao.congan.hongvan",
            "congdan",
        ]
        users = {user.username: user for user in User.objects.filter(username__in=names)}
        self.officer = users["tiepnhan.hongvan"]
        self.citizen = users["congdan"]
        # Competent agency → (specialist, leader); and the other agency, whose specialist answers consultations.
        self.staff = {
            committee.pk: (users["chuyenvien.hongvan"], users["lanhdao.hongvan"]),
            police.pk: (users["chuyenvien.congan.hongvan"], users["lanhdao.congan.hongvan"]),
        }
        self.other = {committee.pk: police, police.pk: committee}
        self.calendars = {agency.pk: engine_calendar(agency=agency) for agency in (committee, police, self.centre)}
        self.offers = self._offers()
        self._fees: dict[int, bool] = {}
        self.phases: list[str] = []  # the phases the "processing" dossiers are meant to reach, one per dossier
        calendar = self.calendars[self.centre.pk]
        today = timezone.localdate(now)
        days = (today - datetime.timedelta(days=back) for back in range(HISTORY_DAYS + 1))
        local_now = timezone.localtime(now)
        # Working days with working time before now (today counts once its first period has begun).
        self.workdays = [
            day
            for day in days
            if calendar.day_info(day).periods
            and (day < today or calendar.day_info(day).periods[0][0] < (local_now - 10 * MINUTE).time())
        ]

    def _offers(self) -> list[tuple[Offer, Agency, dict[str, ProcedureMethod], list[str]]]:
        """Each offer with its competent agency, its methods by channel and the names of its required documents."""
        resolvers = {
            o.procedure.code: o.agency
            for o in AgencyOffering.objects.filter(
                procedure__code__in=[offer.code for offer in OFFERS], resolves=True, agency__in=self.other
            ).select_related("procedure", "agency")
        }
        methods = ProcedureMethod.objects.filter(
            version__procedure__code__in=list(resolvers), version__status="published", version__valid_until=None
        ).select_related("version__procedure")
        by_code: dict[str, dict[str, ProcedureMethod]] = {}
        for method in methods.order_by("pk"):
            if method.duration is not None:
                by_code.setdefault(method.version.procedure.code, {}).setdefault(method.channel, method)
        result = []
        for offer in OFFERS:
            channels = by_code.get(offer.code, {})
            if Channel.DIRECT not in channels:
                continue
            documents = [d.name for d in channels[Channel.DIRECT].version.documents.all() if d.required]
            result.append((offer, resolvers[offer.code], channels, documents))
        return result

    def has_fees(self, method: ProcedureMethod) -> bool:
        if method.pk not in self._fees:
            self._fees[method.pk] = any(f.amount_vnd and not f.exempt for f in method.version.fees.all())
        return self._fees[method.pk]

    # -- random pieces ------------------------------------------------------------------------------------------

    def arrival(self, window: tuple[int, int]) -> datetime.datetime:
        """A working moment on one of the working days `window` back (0 = the latest one), never after now."""
        low, high = window
        day = self.workdays[self.rng.randint(low, min(high, len(self.workdays) - 1))]
        periods = self.calendars[self.centre.pk].day_info(day).periods
        start, end = self.rng.choice(periods)
        first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute - 5
        if day == timezone.localdate(self.now):  # today: only the working time already past
            local_now = timezone.localtime(self.now)
            last = min(last, local_now.hour * 60 + local_now.minute - 5)
        if last <= first:
            raise Rejected
        minute = self.rng.randrange(first, last)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60)))

    def person(self) -> tuple[str, str, str]:
        """(name, CCCD, sex): a Hà Nội-born adult; the CCCD's 4th digit encodes century and sex."""
        sex = self.rng.choice(("nam", "nữ"))
        name = " ".join((self.rng.choice(FAMILY), self.rng.choice(MIDDLE[sex]), self.rng.choice(GIVEN[sex])))
        year = self.rng.randint(1950, 2004)
        century = (0 if year < 2000 else 2) + (sex == "nữ")
        number = f"001{century}{year % 100:02d}{self.rng.randrange(10**6):06d}"
        return name, number, sex

    def applicant(self, offer: Offer, online: bool) -> tuple[lifecycle.Applicant, str]:
        rng = self.rng
        hamlet = rng.choice(HAMLETS)
        address = f"Thôn {hamlet}, xã Hồng Vân, Thành phố Hà Nội"
        phone = f"09{rng.randrange(10**8):08d}"
        if online:
            applicant = lifecycle.Applicant(
                kind=ApplicantKind.PERSON,
                name=self.citizen.full_name,
                id_number="001090012345",
                phone=self.citizen.phone,
                email=self.citizen.email,
                address="Thôn Vân Tảo, xã Hồng Vân, Thành phố Hà Nội",
                user=self.citizen,
            )
        elif offer.organisation:
            submitter, _, _ = self.person()
            applicant = lifecycle.Applicant(
                kind=ApplicantKind.ORGANISATION,
                name=rng.choice(ORGANISATIONS),
                id_number=f"0109{rng.randrange(10**6):06d}",
                phone=phone,
                address=address,
                submitter_name=submitter,
            )
        else:
            name, number, _ = self.person()
            applicant = lifecycle.Applicant(
                kind=ApplicantKind.PERSON, name=name, id_number=number, phone=phone, address=address
            )
        family = applicant.name.split()[0] if applicant.kind == ApplicantKind.PERSON else rng.choice(FAMILY)
        summary = offer.summary.format(
            child=f"{family} {rng.choice(('Minh', 'Gia', 'Bảo', 'Khánh', 'Ngọc'))} {rng.choice(GIVEN['nam'])}",
            relative=f"{family} {rng.choice(MIDDLE['nam'])} {rng.choice(GIVEN['nam'])}",
            other=f"ông {self.person()[0]}",
            address=address,
            org=applicant.name,
        )
        return applicant, summary


class _Script:
    """Builds one Plan: each action appends a timed call; the helpers pick later working moments."""

    def __init__(self, demo: _Demo, scenario: str, offer: Offer, agency: Agency, channels, documents, online: bool):
        self.demo, self.rng = demo, demo.rng
        self.offer, self.agency, self.documents = offer, agency, documents
        self.method = channels[Channel.ONLINE if online else Channel.DIRECT]
        self.online = online
        self.calendar: WorkingCalendar = demo.calendars[agency.pk]
        self.specialist, self.leader = demo.staff[agency.pk]
        self.plan = Plan(scenario)
        self.t: datetime.datetime | None = None
        self.received = self.due = None
        applicant, summary = demo.applicant(offer, online)
        if online:
            return_method = ReturnMethod.ELECTRONIC
        else:
            return_method = self.rng.choices([ReturnMethod.DESK, ReturnMethod.POST], [85, 15])[0]
        self.intake_data = lifecycle.Intake(
            method=self.method,
            receiving_agency=demo.centre,
            competent_agency=agency,
            applicant=applicant,
            request_summary=summary,
            copies=1,
            return_method=return_method,
        )
        self.fees = demo.has_fees(self.method)

    # -- time --------------------------------------------------------------------------------------------------

    def after(self, at: datetime.datetime, low: int, high: int) -> datetime.datetime:
        """`low`–`high` working minutes after `at`."""
        minutes = self.rng.randint(max(low, 1), max(high, low, 1))
        return self.calendar.add(at, Duration.working_minutes(minutes)).due_at

    def point(self, start: datetime.datetime, end: datetime.datetime, low: float, high: float) -> datetime.datetime:
        """A working moment at a random fraction (`low`–`high`) of the working time from `start` to `end`."""
        span = self.calendar.between(start, end).total_seconds() / 60
        if span < 2:
            return self.after(start, 1, 5)
        return self.calendar.add(
            start, Duration.working_minutes(max(1, int(span * self.rng.uniform(low, high))))
        ).due_at

    def _do(self, at: datetime.datetime, action: Callable) -> datetime.datetime:
        if self.t is not None and at <= self.t:
            at = self.after(self.t, 2, 15)
        self.t = at
        self.plan.steps.append((at, action))
        return at

    def require(self, condition: bool) -> None:
        if not condition:
            raise Rejected

    def finish(self) -> Plan:
        self.require(self.plan.end < self.demo.now - MINUTE)
        return self.plan

    # -- the actions -------------------------------------------------------------------------------------------

    def submit_online(self, arrival: datetime.datetime) -> None:
        demo, intake = self.demo, self.intake_data
        self._do(arrival, lambda _, at: lifecycle.submit_online(demo.citizen, intake, at=at))

    def intake(self, arrival: datetime.datetime) -> None:
        demo, intake = self.demo, self.intake_data
        if self.online:
            self.submit_online(arrival)
            self._do(self.after(arrival, 20, 7 * 60), lambda d, at: lifecycle.accept(demo.officer, d, at=at))
        else:
            self._do(arrival, lambda _, at: lifecycle.accept(demo.officer, intake, at=at))
        self.received = self.t
        self.due = self.calendar.add(self.received, self.method.duration).due_at

    def transfer(self) -> None:
        officer = self.demo.officer
        target = min(self.after(self.t, 5, 90), self.point(self.received, self.due, 0.01, 0.06))
        self._do(target, lambda d, at: lifecycle.transfer(officer, d, at=at))

    def assign(self) -> None:
        leader, specialist = self.leader, self.specialist
        target = min(self.after(self.t, 10, 240), self.point(self.t, self.due, 0.02, 0.1))
        self._do(target, lambda d, at: lifecycle.assign(leader, d, specialist=specialist, at=at))

    def resolve(self, target: datetime.datetime, send_back: bool = False) -> None:
        """Appraise (with the intermediate steps of the internal process), submit, perhaps be sent back, sign."""
        specialist, leader = self.specialist, self.leader
        if self.offer.code == "1.012812":  # land mediation: verification and consultation steps, then mediation
            self._do(self.point(self.t, target, 0.3, 0.5), lambda d, at: lifecycle.complete_step(specialist, d, at=at))
        self._do(
            self.point(self.t, target, 0.5, 0.9),
            lambda d, at: lifecycle.submit_for_signature(specialist, d, note="Dự thảo kết quả", at=at),
        )
        if send_back:
            reason = self.rng.choice(SEND_BACK_REASONS)
            self._do(
                self.point(self.t, target, 0.2, 0.5), lambda d, at: lifecycle.send_back(leader, d, reason=reason, at=at)
            )
            self._do(
                self.point(self.t, target, 0.3, 0.8), lambda d, at: lifecycle.submit_for_signature(specialist, d, at=at)
            )
        self._do(target, lambda d, at: lifecycle.sign(leader, d, at=at))

    def ready_and_return(self) -> None:
        officer, method = self.demo.officer, self.intake_data.return_method
        self._do(self.after(self.t, 10, 240), lambda d, at: lifecycle.mark_ready(officer, d, at=at))
        wait = (5, 60) if method == ReturnMethod.ELECTRONIC else (30, 3 * DAY)
        self._do(self.after(self.t, *wait), lambda d, at: lifecycle.return_result(officer, d, method=method, at=at))

    def consult(self) -> None:
        specialist = self.specialist
        request = lifecycle.ConsultationRequest(
            agency=self.demo.other[self.agency.pk],
            content=self.offer.consult.format(address=self.intake_data.applicant.address),
            minutes=self.rng.choice((DAY, 2 * DAY, 3 * DAY)),
        )
        self.consultation_minutes = request.minutes
        self._do(
            self.after(self.t, 30, DAY),
            lambda d, at: lifecycle.request_consultation(specialist, d, requests=[request], parallel=True, at=at),
        )

    def answer(self) -> None:
        answerer, _ = self.demo.staff[self.demo.other[self.agency.pk].pk]
        text = self.rng.choice(ANSWERS)
        minutes = self.consultation_minutes

        def answer(dossier, at):
            consultation = dossier.consultations.get(sent_at__isnull=False, answered_at=None)
            return lifecycle.answer_consultation(answerer, consultation, answer=text, at=at)

        self._do(self.after(self.t, minutes // 5, minutes * 5 // 4), answer)

    def missing_documents(self, most: int) -> list[str]:
        """Up to `most` of the procedure's required documents, said missing; a procedure whose catalog entry
        marks none required (only conditional ones) still gets a plausible item to supplement."""
        count = min(len(self.documents), self.rng.randint(1, most))
        return self.rng.sample(self.documents, count) or ["Bản sao giấy tờ chứng minh chỗ ở hợp pháp"]

    def request_supplement(self) -> datetime.datetime:
        """Within 3 working days of receipt (Art. 19.5); returns when the supplement is due (15 days later)."""
        specialist = self.specialist
        limit = self.calendar.add(self.received, lifecycle.SUPPLEMENT_REQUEST_LIMIT).due_at
        items = self.missing_documents(2)
        at = self._do(
            self.point(self.t, limit, 0.2, 0.9),
            lambda d, at: lifecycle.request_supplement(
                specialist, d, items=items, reason="Thành phần hồ sơ còn thiếu hoặc chưa hợp lệ.", at=at
            ),
        )
        self.require(at <= limit)
        return self.calendar.add(at, lifecycle.SUPPLEMENT_WAIT).due_at

    def stop(self) -> None:
        reason = self.rng.choice(STOP_REASONS)
        refund = "Hoàn trả phí, lệ phí đã nộp." if self.fees else ""
        user = self.demo.citizen if self.online else self.demo.officer
        target = self.point(self.t, self.due, 0.1, 0.6)
        self._do(target, lambda d, at: lifecycle.stop(user, d, reason=reason, refund=refund, at=at))


# -- the scenarios ------------------------------------------------------------------------------------------------


def _returned(s: _Script, when: str) -> None:
    s.transfer()
    s.assign()
    if when == "early":
        target = s.point(s.received, s.due, 0.15, 0.45)
    elif when == "on_time":
        target = s.point(s.received, s.due, 0.55, 0.97)
    else:
        target = s.after(s.due, 30, 3 * DAY)
    s.resolve(target, send_back=s.rng.random() < 0.15)
    s.require(s.t > s.due if when == "late" else s.t <= s.due)
    s.ready_and_return()


def _extended(s: _Script, returned: bool) -> None:
    s.transfer()
    s.assign()
    leader, reason = s.leader, s.rng.choice(EXTENSION_REASONS)
    asked = s.point(s.t, s.due, 0.4, 0.8)
    new_due = s.calendar.add(s.due, Duration.working_days(s.rng.randint(3, 7))).due_at
    s._do(asked, lambda d, at: lifecycle.request_extension(leader, d, reason=reason, new_due_at=new_due, at=at))
    s.require(timezone.localdate(s.t) < timezone.localdate(s.due))  # at least one day before the due date
    if returned:
        s.resolve(s.point(s.due, new_due, 0.1, 0.9))
        s.require(s.t <= new_due)
        s.ready_and_return()
    else:
        s.require(new_due > s.demo.now)


def _supplement(s: _Script, outcome: str) -> None:
    s.transfer()
    s.assign()
    supplement_due = s.request_supplement()
    if outcome == "received":
        officer = s.demo.officer
        s._do(s.point(s.t, supplement_due, 0.1, 0.7), lambda d, at: lifecycle.receive_supplement(officer, d, at=at))
        s.require(s.t < supplement_due)
        s.due = s.calendar.add(s.t, s.method.duration).due_at  # the period starts again from zero
        s.resolve(s.point(s.t, s.due, 0.4, 0.95))
        s.ready_and_return()
    elif outcome == "awaited":
        s.require(supplement_due > s.demo.now)
    else:
        s.plan.close_at = supplement_due + datetime.timedelta(minutes=s.rng.randint(10, 600))


def _refused(s: _Script) -> None:
    s.transfer()
    s.assign()
    specialist, reason = s.specialist, s.rng.choice(REFUSALS)
    s._do(s.point(s.t, s.due, 0.2, 0.8), lambda d, at: lifecycle.refuse(specialist, d, reason=reason, at=at))
    s.ready_and_return()


def _consulted(s: _Script, answered: bool) -> None:
    s.transfer()
    s.assign()
    s.consult()
    if answered:
        s.answer()
        target = s.point(s.t, s.due, 0.5, 0.95) if s.t < s.due else s.after(s.t, 60, 2 * DAY)
        s.resolve(target)
        s.ready_and_return()


def _processing(s: _Script, phase: str) -> None:
    reached = list(PROCESSING_PHASES).index(phase)
    if reached == 0:
        s.require(transfer_due(s.calendar, s.received) > s.demo.now)  # not yet late to transfer
    if reached >= 1:
        s.transfer()
    if reached >= 2:
        s.assign()
    if reached >= 3:
        s._do(
            s.point(s.t, s.due, 0.3, 0.7),
            lambda d, at, u=s.specialist: lifecycle.submit_for_signature(u, d, note="Dự thảo kết quả", at=at),
        )
    if reached >= 4:
        s._do(s.point(s.t, s.due, 0.2, 0.6), lambda d, at, u=s.leader: lifecycle.sign(u, d, at=at))
    if reached >= 5:
        s._do(s.after(s.t, 10, 240), lambda d, at, u=s.demo.officer: lifecycle.mark_ready(u, d, at=at))
    if reached <= 3:
        s.require(s.due > s.demo.now + datetime.timedelta(hours=1))  # still in time
    else:
        # Signed within the last three working days (a result does not wait long at the desk).
        s.require(s.calendar.between(s.t, s.demo.now) < datetime.timedelta(minutes=3 * DAY))


def _overdue(s: _Script) -> None:
    s.transfer()
    s.assign()
    if s.rng.random() < 0.3:
        s._do(
            s.point(s.t, s.due, 0.6, 1.2),
            lambda d, at, u=s.specialist: lifecycle.submit_for_signature(u, d, note="Dự thảo kết quả", at=at),
        )
    s.require(s.due < s.demo.now - datetime.timedelta(hours=1))


def _corrected(s: _Script) -> None:
    _returned(s, "on_time")
    officer, specialist = s.demo.officer, s.specialist
    reason = "Kết quả ghi sai năm sinh của người yêu cầu."
    s._do(s.after(s.t, DAY // 2, 5 * DAY), lambda d, at: lifecycle.request_correction(officer, d, reason=reason, at=at))
    s._do(
        s.after(s.t, 60, 2 * DAY),
        lambda d, at: lifecycle.complete_correction(specialist, d, note="Đã đính chính năm sinh", at=at),
    )
    method = s.intake_data.return_method
    s._do(s.after(s.t, 30, DAY), lambda d, at: lifecycle.return_result(officer, d, method=method, at=at))


def _at_intake(s: _Script, scenario: str, arrival: datetime.datetime) -> None:
    officer, intake = s.demo.officer, s.intake_data
    if s.online:
        s.submit_online(arrival)
        when, subject = s.after(arrival, 20, 7 * 60), None
    else:
        when, subject = arrival, intake
    if scenario == "refused_at_intake":
        reason = s.rng.choice(INTAKE_REFUSALS)
        s._do(when, lambda d, at: lifecycle.refuse_intake(officer, d or subject, reason=reason, at=at))
    else:
        items = s.missing_documents(3)
        reason = "Hồ sơ chưa đủ thành phần theo quy định của thủ tục."
        s._do(
            when,
            lambda d, at: lifecycle.request_intake_supplement(officer, d or subject, items=items, reason=reason, at=at),
        )


def _story(s: _Script, scenario: str, arrival: datetime.datetime, phase: str = "") -> Plan:
    if scenario in ("refused_at_intake", "intake_supplement"):
        _at_intake(s, scenario, arrival)
        return s.finish()
    if scenario == "awaiting_intake":
        s.submit_online(arrival)
        return s.finish()
    s.intake(arrival)
    if scenario.startswith("returned_"):
        _returned(s, scenario.removeprefix("returned_"))
    elif scenario.startswith("extended_"):
        _extended(s, scenario == "extended_returned")
    elif scenario in ("supplemented_returned", "awaiting_supplement", "closed_unsupplemented"):
        _supplement(s, {"supplemented_returned": "received", "awaiting_supplement": "awaited"}.get(scenario, "closed"))
    elif scenario == "refused":
        _refused(s)
    elif scenario == "withdrawn":
        if s.rng.random() < 0.6:
            s.transfer()
            s.assign()
        s.stop()
    elif scenario in ("consulted_returned", "consulting"):
        _consulted(s, scenario == "consulted_returned")
    elif scenario == "processing":
        _processing(s, phase)
    elif scenario == "overdue":
        _overdue(s)
    elif scenario == "corrected":
        _corrected(s)
    else:
        raise KeyError(scenario)
    return s.finish()


def _plan(demo: _Demo, scenario: str, attempts: int = 500, *, paid_online: bool = False) -> Plan:
    """One dossier's story; `paid_online` makes it an online filing of a procedure with fees, so the demo shows a fee
    paid online (payments.demo pays every online filing through the gateway) whatever the day's draws give."""
    rng = demo.rng
    offers = [o for o in demo.offers if o[0].consult] if scenario.startswith("consult") else demo.offers
    if paid_online:
        offers = [
            o
            for o in offers
            if Channel.ONLINE in o[2] and not o[0].organisation and demo.has_fees(o[2][Channel.ONLINE])
        ]
    weights = [o[0].weight for o in offers]
    intended = demo.phases.pop() if scenario == "processing" else ""
    for attempt in range(attempts):
        phase = intended if attempt < PHASE_TRIES else rng.choice(list(PROCESSING_PHASES))
        offer, agency, channels, documents = rng.choices(offers, weights)[0]
        online = (
            Channel.ONLINE in channels
            and not offer.organisation
            and (paid_online or scenario == "awaiting_intake" or rng.random() < ONLINE_SHARE)
        )
        if scenario == "awaiting_intake" and not online:
            continue
        script = _Script(demo, scenario, offer, agency, channels, documents, online)
        try:
            return _story(script, scenario, demo.arrival(WINDOWS.get(scenario, FULL_WINDOW)), phase)
        except Rejected:
            continue
    raise RuntimeError(f"Không lập được hồ sơ mẫu cho kịch bản «{scenario}».")


@dataclass(frozen=True)
class SeededDossiers:
    count: int
    scenarios: Counter
    seconds: float


def seed_dossiers(
    progress=lambda _message: None, *, seed: int = SEED, now: datetime.datetime | None = None
) -> SeededDossiers:
    """Create the demo dossiers through the lifecycle (once: nothing is done when the centre has dossiers)."""
    began = time.perf_counter()
    now = now or timezone.now()
    centre = Agency.objects.get(name=CENTRE)
    if Dossier.objects.filter(receiving_agency=centre).exists():
        progress("Đã có hồ sơ tại xã Hồng Vân: bỏ qua việc tạo hồ sơ mẫu.")
        return SeededDossiers(0, Counter(), time.perf_counter() - began)
    total = sum(SCENARIOS.values())
    progress(f"Tạo {total} hồ sơ mẫu tại xã Hồng Vân (qua các bước xử lý, bốn tháng gần đây)…")
    # One transaction (a failure leaves nothing half made); no notices about events of past months.
    with muted(), transaction.atomic():
        demo = _Demo(random.Random(seed), now)
        scenarios = [name for name, count in SCENARIOS.items() for _ in range(count)]
        demo.rng.shuffle(scenarios)
        demo.phases = [phase for phase, count in PROCESSING_PHASES.items() for _ in range(count)]
        demo.rng.shuffle(demo.phases)
        paid_online = scenarios.index("returned_on_time")
        plans = sorted(
            (_plan(demo, name, paid_online=index == paid_online) for index, name in enumerate(scenarios)),
            key=lambda plan: plan.start,
        )
        for plan in plans:
            dossier = None
            for at, action in plan.steps:
                dossier = action(dossier, at)
        for plan in sorted((p for p in plans if p.close_at), key=lambda plan: plan.close_at):
            lifecycle.close_unsupplemented(now=plan.close_at)
    seconds = time.perf_counter() - began
    progress(f"Đã tạo {len(plans)} hồ sơ mẫu trong {seconds:.1f} giây.")
    return SeededDossiers(len(plans), Counter(plan.scenario for plan in plans), seconds)
