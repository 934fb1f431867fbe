"""A province's data set for the benchmarks (issue 17): ~130 communes and the province's departments, N dossiers
(default 5,000,000) over the last 12 months (--years 3: three years) with the rows such dossiers have.

PostgreSQL only (COPY), in a throw-away test database on the configured server (MOTCUA_DATABASE_URL), or one kept
with --keep (`test_<name>`). On top of the demo data (Hà Nội's units, the shipped catalog, the demo accounts):

- agencies: the People's Committee and the service centre of each of Hà Nội's 126 communes (the whole province
  since 1 July 2025: bench_dossiers.communes), three departments (Sở) that resolve a share of some procedures,
  received at the province's service centre, and three agencies that take inter-agency parts; a receiving officer
  at every desk, a specialist and a leader at every resolving or participating agency;
- dossiers in arrival order on the working calendar (more each month), procedures of the shipped catalog by
  frequency (structured time limits), online for a growing share (35 % → 55 %) and by post for a few; each with its
  whole story as the lifecycle writes it, cut at now: the steps of the default internal process (what steps.plan
  gives an agency without an approved one), the events, the documents, the inter-agency parts. Most are returned
  (some late, a long tail very late: the overdue ones still open now), some refused after appraisal, withdrawn,
  asked once for a supplement after appraisal (a quarter never supplied, closed 15 days later), extended with an
  apology letter (Mẫu 04), still in work; online submissions returned or refused at the desk's check;
- the codes' day counters (CodeSequence), and the stored monthly facts of the dashboards, computed afterwards by the
  project's own code (reports.facts.compute, what the periodic reports.tasks.store_recent_months runs).

The history is append-only and hash-chained per dossier (dossiers.history_chain): each event row is sealed here
with the project's own function (core.hash_chain.entry_hash over history_chain.HASHED_FIELDS, after the dossier's
previous event) and numbered in that order, so `motcua verify_history` finds every chain intact. The guard
triggers stay on: COPY only inserts, which they allow. Not written: the audit log entry of each event (a load is
nobody's action), fees and payments, notifications, and the files — every document row points at one of a few
small shared files. The secondary indexes of the dossier tables are dropped during the load and built again after
it (as one restores a dump); the unique ones stay and check every row.

Run: MOTCUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_province \\
         nice -n 10 .venv/bin/python benchmarks/province_data.py --dossiers 5000000 [--years 1|3] [--keep]
"""

import argparse
import datetime
import os
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import accumulate
from zoneinfo import ZoneInfo

from bench_dossiers import FAMILY, GIVEN, PROCEDURES, communes, methods_by_channel, working_days
from bulk_rows import insert_rows, move_sequences
from scratch_db import scratch_database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 20_000  # dossiers per round of COPY
MINUTE = datetime.timedelta(minutes=1)
DAY = 480  # working minutes
PROVINCE_ID, PROVINCE_CENTRE_ID = "000.00.00.H26", "000.00.90.H26"  # the demo's Hà Nội People's Committee, centre
# (name, illustrative identifier in the QĐ 20/2020 format, the procedures of which it resolves a share)
DEPARTMENTS = (
    ("Sở Tư pháp Thành phố Hà Nội", "000.00.21.H26", ("2.000908",)),
    ("Sở Xây dựng Thành phố Hà Nội", "000.00.22.H26", ("1.013225", "1.013227")),
    ("Sở Nông nghiệp và Môi trường Thành phố Hà Nội", "000.00.23.H26", ("1.012753", "1.012812")),
)
DEPARTMENT_SHARE = 0.05  # larger works, land of organisations: the province's
# Participating agencies of inter-agency work (liên thông, Decree 118/2025 Art. 20.2).
PARTNERS = (
    ("Văn phòng Đăng ký đất đai Hà Nội", "000.23.01.H26"),
    ("Công an Thành phố Hà Nội", "000.00.31.H26"),
    ("Bảo hiểm xã hội Thành phố Hà Nội", "000.00.32.H26"),
)
# Procedure → (the partners given a part, the share of its dossiers that have parts).
PARTS = {"2.000986": ((1, 2), 1.0), "1.012753": ((0,), 0.3), "1.012812": ((0,), 0.3), "1.013225": ((0,), 0.1)}
# The few files every document row points at: (name, content type, content).
SHARED_FILES = (
    ("to-khai.pdf", "application/pdf", b"%PDF-1.4\n% to khai\n%%EOF\n"),
    ("giay-to-tuy-than.pdf", "application/pdf", b"%PDF-1.4\n% giay to tuy than\n%%EOF\n"),
    ("ban-quet.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 ban quet \xff\xd9"),
)
FILE_FOLDER = "province-data"
TABLES = ("Dossier", "DossierStep", "DossierEvent", "DossierDocument", "InteragencyPart")


class Unfinished(Exception):
    """The story's next happening is after now: the dossier stays where it is."""


# -- agencies and staff ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """Where a dossier is received and resolved (agency ids), the code prefix, and the staff (user ids)."""

    receiving: int
    competent: int
    prefix: str
    officer: int
    specialist: int
    leader: int


@dataclass(frozen=True)
class Province:
    """The desks dossiers go to, and the agencies that take inter-agency parts."""

    communes: list[Desk]
    departments: dict[str, Desk]  # procedure code → the department's desk
    partners: list[tuple[int, int]]  # (agency, specialist)


def province(rng: random.Random) -> Province:
    """The communes (bench_dossiers.communes), the departments and the partner agencies, with their staff."""
    from motcua.accounts.models import Role
    from motcua.orgs.models import Agency

    city = Agency.objects.get(electronic_id=PROVINCE_ID)
    centre = Agency.objects.get(electronic_id=PROVINCE_CENTRE_ID)
    pairs = communes(rng)
    made = {eid: agency(name, eid, Agency.Kind.SPECIALISED, city) for name, eid, _codes in DEPARTMENTS}
    land = made[DEPARTMENTS[2][1]]  # the land registration office belongs to the land department
    partners = [
        agency(name, eid, Agency.Kind.SPECIALISED if index == 0 else Agency.Kind.VERTICAL, land if index == 0 else city)
        for index, (name, eid) in enumerate(PARTNERS)
    ]
    resolving = [committee for committee, _centre in pairs] + list(made.values()) + partners
    staff = accounts(
        [(desk.pk, Role.RECEIVING_OFFICER) for desk in [centre, *(c for _p, c in pairs)]]
        + [(agency.pk, role) for agency in resolving for role in (Role.SPECIALIST, Role.LEADER)]
    )

    def desk(receiving, competent) -> Desk:
        return Desk(
            receiving.pk,
            competent.pk,
            competent.electronic_id,
            staff[receiving.pk, Role.RECEIVING_OFFICER],
            staff[competent.pk, Role.SPECIALIST],
            staff[competent.pk, Role.LEADER],
        )

    return Province(
        communes=[desk(centre_, committee) for committee, centre_ in pairs],
        departments={code: desk(centre, made[eid]) for _name, eid, codes in DEPARTMENTS for code in codes},
        partners=[(partner.pk, staff[partner.pk, Role.SPECIALIST]) for partner in partners],
    )


def agency(name: str, electronic_id: str, kind: str, parent):
    from motcua.orgs.models import Agency

    defaults = {"name": name, "kind": kind, "unit": parent.unit, "parent": parent}
    return Agency.objects.get_or_create(electronic_id=electronic_id, defaults=defaults)[0]


def accounts(wanted: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """One staff account per (agency, role), made once: {(agency id, role): user id}."""
    from motcua.accounts.models import RoleAssignment, User

    names = {(agency_id, role): f"pd.{role}.{agency_id}" for agency_id, role in wanted}
    have = set(User.objects.filter(username__in=names.values()).values_list("username", flat=True))
    new = [key for key, name in names.items() if name not in have]
    User.objects.bulk_create(
        [User(username=names[key], full_name="Cán bộ", account_type=User.AccountType.STAFF) for key in new]
    )
    ids = dict(User.objects.filter(username__in=names.values()).values_list("username", "pk"))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user_id=ids[names[key]], role=key[1], agency_id=key[0]) for key in new]
    )
    return {key: ids[name] for key, name in names.items()}


# -- the catalog ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Procedure:
    code: str
    methods: dict  # channel → ProcedureMethod with a structured time limit
    steps: tuple  # (name, role, allotted minutes, at the desk) of the default internal process
    requirements: tuple[int, ...]  # the version's required components (ids), for the document rows
    documents: tuple[dict, ...]  # what the receipt (Mẫu 01) lists


def procedures() -> list[Procedure]:
    """The benchmark's procedures (bench_dossiers.PROCEDURES) with their published methods that have a time limit."""
    from motcua.catalog.models import RequiredDocument
    from motcua.dossiers import steps as process
    from motcua.dossiers.models import Dossier
    from motcua.orgs.models import Agency

    methods = methods_by_channel(PROCEDURES)
    desk, resolver = Agency(pk=-1), Agency(pk=-2)  # placeholders: which steps are the desk's
    found = []
    for code, by_channel in methods.items():
        if "direct" not in by_channel:
            continue
        direct = by_channel["direct"]
        # The steps planned for an agency without an approved internal process (steps.plan).
        default = process._default_steps(Dossier(method=direct, receiving_agency=desk, competent_agency=resolver))
        required = RequiredDocument.objects.filter(version=direct.version, required=True).order_by("order")
        found.append(
            Procedure(
                code=code,
                methods=by_channel,
                steps=tuple((s.name, s.role, s.allotted_minutes, s.agency is desk) for s in default),
                requirements=tuple(required.values_list("pk", flat=True)[:3]),
                documents=tuple({"name": d.name, "originals": d.originals, "copies": d.copies} for d in required[:3]),
            )
        )
    return found


# -- one dossier's story --------------------------------------------------------------------------------------------


@dataclass
class Load:
    """What the whole load shares: the clock, the calendar, the next id of each table, the rows waiting for COPY."""

    now: datetime.datetime
    calendar: object
    rng: random.Random
    ids: dict[str, int]
    partners: list[tuple[int, int]]
    commune_weights: list[float]
    rows: dict[str, list] = field(default_factory=lambda: {name: [] for name in TABLES})
    counters: dict[tuple[int, datetime.date], int] = field(default_factory=dict)
    references: Counter = field(default_factory=Counter)

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def later(self, at: datetime.datetime, minutes: int) -> datetime.datetime:
        """`minutes` working minutes after `at` on the calendar."""
        from motcua.workcal.durations import Duration

        return self.calendar.add(at, Duration.working_minutes(max(minutes, 1))).due_at

    def within(self, start: datetime.datetime, end: datetime.datetime, low: float, high: float) -> datetime.datetime:
        """A moment between `start` and `end`, at a random share of the working time between them."""
        minutes = self.calendar.between(start, end).total_seconds() / 60
        return self.later(start, int(minutes * self.rng.uniform(low, high)))


class Story:
    """One dossier's rows as the lifecycle's actions write them (dossiers.lifecycle: each action moves the state,
    bumps the revision, stores the deadline and appends an event); an action after now raises Unfinished, and the
    rows stay as they are at that point."""

    def __init__(self, load: Load, row: dict, desk: Desk, procedure: Procedure):
        self.load, self.row, self.desk, self.procedure = load, row, desk, procedure
        self.steps: list[dict] = []
        self.events: list[dict] = []
        self.documents: list[dict] = []
        self.parts: list[dict] = []
        self.clock = None

    def happen(self, at, kind, actor, agency, *, to_state=None, form="", note="", details=None, **changes):
        """Append the event of an action at `at` (never before the previous one) with the row's changes."""
        at = self.reach(at)
        from_state = self.row["state"]
        self.row.update(changes, revision=self.row["revision"] + 1)
        self.row["state"] = to_state or from_state
        self.events.append(
            {
                "id": self.load.next_id("DossierEvent"),
                "dossier_id": self.row["id"],
                "at": at,
                "kind": kind,
                "actor_id": actor,
                "actor_agency_id": agency,
                "from_state": from_state,
                "to_state": self.row["state"],
                "note": note,
                "due_at": self.row["due_at"],
                "form": form,
                "details": details or {},
            }
        )
        return at

    def store_clock(self, clock) -> None:
        """As lifecycle._store_clock: the clock's data and its due instant (none while paused)."""
        self.clock = clock
        deadline = clock.deadline(self.load.calendar)
        self.row["clock"] = clock.to_data()
        self.row["due_at"] = None if deadline is None else (self.row["extended_due_at"] or deadline.due_at)

    def add_documents(self, stage: str, at, uploader, count: int) -> None:
        requirements = self.procedure.requirements if stage == "intake" else ()
        for index in range(count):
            name, content_type, content = SHARED_FILES[index % len(SHARED_FILES)]
            self.documents.append(
                {
                    "id": self.load.next_id("DossierDocument"),
                    "dossier_id": self.row["id"],
                    "requirement_id": requirements[index] if index < len(requirements) else None,
                    "stage": stage,
                    "name": name,
                    "file": f"{FILE_FOLDER}/{name}",
                    "content_type": content_type,
                    "size": len(content),
                    "is_scan": self.row["channel"] != "online",
                    "uploaded_by_id": uploader,
                    "uploaded_at": at,
                }
            )

    # -- the internal process (steps.plan, steps.advance) --

    def plan_steps(self, at) -> None:
        for order, (name, role, minutes, at_desk) in enumerate(self.procedure.steps, 1):
            self.steps.append(
                {
                    "id": self.load.next_id("DossierStep"),
                    "dossier_id": self.row["id"],
                    "order": order,
                    "name": name,
                    "role": role,
                    "agency_id": self.desk.receiving if at_desk else self.desk.competent,
                    "allotted_minutes": minutes,
                    "status": "waiting",
                }
            )
        self.start_step(0, at)

    def start_step(self, index: int, at, assignee=None) -> None:
        from motcua.dossiers.steps import transfer_due

        step = self.steps[index]
        if index == 0:
            due = transfer_due(self.load.calendar, self.row["received_at"])  # Art. 18.2
        elif step["allotted_minutes"] == 0:
            due = self.row["due_at"]
        else:
            due = self.load.later(at, step["allotted_minutes"])
        step.update(status="active", started_at=at, due_at=due, assignee_id=assignee or step.get("assignee_id"))

    def finish_step(self, index: int, at, then: int | None = None) -> None:
        self.steps[index].update(status="done", completed_at=at)
        if then is not None:
            self.start_step(then, at, self.row["assignee_id"] if self.steps[then]["role"] == "specialist" else None)

    def skip_open_steps(self, keep_last_desk_step: bool) -> None:
        for step in self.steps[:-1] if keep_last_desk_step else self.steps:
            if step["status"] in ("waiting", "active"):
                step["status"] = "skipped"

    # -- the actions, in the order of a dossier's life --

    def tell(self, arrived: datetime.datetime) -> None:
        """The whole life of a dossier that reached the desk at `arrived` (accepted then, or checked then when it
        was submitted online); raises Unfinished at the first action after now."""
        rng = self.load.rng
        if self.row["channel"] == "online":
            self.submit(arrived - rng.randint(10, 600) * MINUTE)
            if rng.random() < 0.025:
                self.turn_away(arrived)
                return
        at = self.accept(arrived)
        at = self.happen(
            at + rng.randint(5, 90) * MINUTE,
            "transferred",
            self.desk.officer,
            self.desk.receiving,
            to_state="transferred",
            note="Chuyển cơ quan giải quyết",
        )
        self.finish_step(0, at, then=1)
        at = self.happen(
            at + rng.randint(5, 240) * MINUTE,
            "assigned",
            self.desk.leader,
            self.desk.competent,
            to_state="processing",
            note="Phân công xử lý",
            assignee_id=self.desk.specialist,
        )
        self.steps[1]["assignee_id"] = self.desk.specialist
        if self.procedure.methods["direct"].time_unit != "same_day" and rng.random() < 0.06:
            at = self.supplement(at)
            if at is None:  # closed unsupplemented
                return
        due = self.row["due_at"]
        decided = self.decision_moment(at, due)
        partners, share = PARTS.get(self.procedure.code, ((), 0))
        if rng.random() < share:
            self.hand_parts(partners, at + 30 * MINUTE, decided - 20 * MINUTE)
        if rng.random() < 0.02:
            self.withdraw(self.load.within(at, max(due, at + MINUTE), 0.1, 0.9))
            return
        if decided > due and rng.random() < 0.3:
            self.extend(self.load.within(at, due, 0.5, 0.95), decided)
        self.decide(decided, refused=rng.random() < 0.03)

    def submit(self, at) -> None:
        from motcua.dossiers.lifecycle import ONLINE_CHECK

        self.row.update(submitted_at=at, intake_due_at=self.load.calendar.add(at, ONLINE_CHECK).due_at)
        self.happen(at, "submitted", None, None, to_state="submitted", note="Nộp hồ sơ trực tuyến")
        self.add_documents("intake", at, None, 2)

    def turn_away(self, at) -> None:
        """The online check finds it incomplete (Mẫu 02) or not acceptable (Mẫu 03): never received."""
        refused = self.load.rng.random() < 0.35
        self.happen(
            at,
            "intake_refused" if refused else "intake_supplement",
            self.desk.officer,
            self.desk.receiving,
            to_state="intake_refused" if refused else "intake_supplement",
            form="03" if refused else "02",
            note="Hồ sơ chưa đầy đủ theo quy định",
            details={"items": ["Tờ khai"], "reason": ""},
        )

    def accept(self, at) -> datetime.datetime:
        """lifecycle.accept: the code of the day (codes.allocate_code's form), the clock, Mẫu 01, the steps."""
        from motcua.workcal.clock import DeadlineClock

        day = at.astimezone(VN).date()
        key = (self.desk.competent, day)
        number = self.load.counters[key] = self.load.counters.get(key, 0) + 1
        code = f"{self.desk.prefix}-{day:%y%m%d}-{number:04d}"
        self.row.update(code=code, received_at=at, received_by_id=self.desk.officer)
        method = self.procedure.methods[self.row["channel"]]
        counting = self.load.calendar.working_day_start
        self.store_clock(DeadlineClock.started(method.duration, at, note="tiếp nhận", counting=counting))
        self.happen(
            at,
            "accepted",
            self.desk.officer,
            self.desk.receiving,
            to_state="received",
            form="01",
            note=f"Tiếp nhận hồ sơ, mã {code}",
            details={"documents": list(self.procedure.documents), "fees": []},
        )
        if self.row["channel"] != "online" and self.load.rng.random() < 0.7:  # scanned at the desk
            self.add_documents("intake", at, self.desk.officer, len(self.procedure.requirements) or 1)
        self.plan_steps(at)
        return at

    def supplement(self, at) -> datetime.datetime | None:
        """lifecycle.request_supplement (Mẫu 02, the clock paused), then receive_supplement (the clock restarted
        from zero) or, a quarter of the time, close_unsupplemented 15 days after the notice. None when closed."""
        from motcua.dossiers.lifecycle import SUPPLEMENT_WAIT

        rng, load = self.load.rng, self.load
        at = self.reach(load.later(at, rng.randint(30, 2 * DAY)))
        self.store_clock(self.clock.pause(at, note="chờ bổ sung"))
        waits = self.row["supplement_due_at"] = load.calendar.add(at, SUPPLEMENT_WAIT).due_at
        self.happen(
            at,
            "supplement_requested",
            self.desk.specialist,
            self.desk.competent,
            to_state="supplement_requested",
            form="02",
            note="Bổ sung giấy tờ chứng minh",
            details={
                "items": ["Bổ sung giấy tờ chứng minh"],
                "reason": "",
                "contact": "",
                "supplement_due_at": waits.isoformat(),
            },
        )
        if rng.random() < 0.25:
            at = self.reach(waits + rng.randint(1, 900) * MINUTE)  # the periodic task closes it
            self.skip_open_steps(keep_last_desk_step=False)
            self.happen(
                at,
                "closed",
                None,
                self.desk.receiving,
                to_state="closed",
                outcome="closed",
                note="Quá 15 ngày kể từ ngày thông báo mà không nhận được hồ sơ bổ sung.",
            )
            return None
        at = self.reach(at + datetime.timedelta(hours=rng.randint(12, 24 * 12)))
        self.row.update(extended_due_at=None, original_due_at=None, supplement_due_at=None)
        self.store_clock(self.clock.restart(at, note="nhận đủ bổ sung"))
        self.add_documents("supplement", at, self.desk.officer, 1)
        self.start_step(1, at)
        return self.happen(
            at,
            "supplement_received",
            self.desk.officer,
            self.desk.receiving,
            to_state="processing",
            note="Nhận đủ hồ sơ bổ sung; thời hạn giải quyết tính lại từ đầu.",
        )

    def decision_moment(self, start, due) -> datetime.datetime:
        """When it will be decided: before its due instant mostly; 7 % up to five working days late; a long tail
        weeks late (those are the overdue ones still open now)."""
        rng, load = self.load.rng, self.load
        roll = rng.random()
        if roll < 0.015:
            return load.later(due, rng.randint(5 * DAY, 60 * DAY))
        if roll < 0.085:
            return load.later(due, rng.randint(30, 5 * DAY))
        return load.within(start, due, 0.2, 0.95) if due > start else start + rng.randint(5, 60) * MINUTE

    def hand_parts(self, partners: tuple[int, ...], sent, answered_by) -> None:
        """lifecycle.send_parts (a parallel batch: all sent at once), then each part received and answered (done)
        before the decision; a part's own deadline runs from when it is sent (interagency.due_at)."""
        rng = self.load.rng
        answered_by = max(answered_by, sent + 10 * MINUTE)
        planned = []  # (part row, its participating agency's specialist, when it will be answered)
        for order, partner in enumerate(partners, 1):
            agency_id, specialist = self.load.partners[partner]
            part = {
                "id": self.load.next_id("InteragencyPart"),
                "dossier_id": self.row["id"],
                "code": f"{self.row['code']}-LT{order:02d}",
                "batch": 1,
                "order": order,
                "parallel": True,
                "agency_id": agency_id,
                "task": "Xác nhận thông tin thuộc thẩm quyền",
                "allotted_minutes": 3 * DAY,
                "status": "waiting",
                "sent_by_id": self.desk.specialist,
            }
            planned.append((part, specialist, sent + (answered_by - sent) * rng.uniform(0.4, 1.0)))
        for part, _specialist, _answered in planned:
            at = self.happen(sent, "part_sent", self.desk.specialist, self.desk.competent, **self.part_event(part))
            part.update(status="sent", sent_at=at, due_at=self.load.later(at, part["allotted_minutes"]))
            self.parts.append(part)
        for part, specialist, answered in planned:
            at = self.happen(
                part["sent_at"] + (answered - part["sent_at"]) * 0.1,
                "part_received",
                specialist,
                part["agency_id"],
                **self.part_event(part),
            )
            part.update(status="received", received_at=at, received_by_id=specialist)
        for part, specialist, answered in sorted(planned, key=lambda plan: plan[2]):
            at = self.happen(answered, "part_done", specialist, part["agency_id"], **self.part_event(part))
            part.update(status="done", completed_at=at, completed_by_id=specialist, result_note="Đã xác nhận")

    @staticmethod
    def part_event(part: dict) -> dict:
        return {"note": part["code"], "details": {"part": part["id"], "code": part["code"]}}

    def withdraw(self, at) -> None:
        """lifecycle.stop at the applicant's request (Mẫu 05): the clock paused, open steps and parts cancelled."""
        at = self.reach(at)
        if self.clock.state == "running":
            self.row["clock"] = self.clock.pause(at, note="dừng giải quyết").to_data()
        self.skip_open_steps(keep_last_desk_step=False)
        for part in self.parts:
            if part["status"] in ("waiting", "sent", "received"):
                part["status"] = "cancelled"
        self.happen(
            at,
            "stopped",
            self.desk.officer,
            self.desk.receiving,
            to_state="stopped",
            form="05",
            note="Người yêu cầu rút hồ sơ",
            outcome="withdrawn",
            due_at=None,
            supplement_due_at=None,
            details={"reason": "Người yêu cầu rút hồ sơ", "stage": "", "refund": ""},
        )

    def extend(self, at, decided) -> None:
        """lifecycle.request_extension (Mẫu 04): a new appointment after the decision that will come; II.06a
        still judges it against the original due instant."""
        at = self.reach(at)
        previous = self.row["due_at"]
        new = self.load.later(decided, self.load.rng.randint(1, DAY))
        self.happen(
            at,
            "extended",
            self.desk.leader,
            self.desk.competent,
            form="04",
            note="Cần thêm thời gian xác minh",
            original_due_at=previous,
            extended_due_at=new,
            due_at=new,
            details={
                "reason": "Cần thêm thời gian xác minh",
                "previous_due_at": previous.isoformat(),
                "new_due_at": new.isoformat(),
            },
        )

    def decide(self, at, *, refused: bool) -> None:
        """Signed (or refused after appraisal, Mẫu 03), the result ready at the desk, then returned."""
        rng, desk = self.load.rng, self.desk
        if refused:
            at = self.happen(
                at,
                "refused",
                desk.specialist,
                desk.competent,
                to_state="result_issued",
                form="03",
                note="Không đủ điều kiện giải quyết",
                outcome="refused",
                resolved_at=self.reach(at),
                details={"reason": "Không đủ điều kiện giải quyết"},
            )
            self.skip_open_steps(keep_last_desk_step=True)
            self.start_step(len(self.steps) - 1, at)
        else:
            submitted = max(self.events[-1]["at"], at - rng.randint(10, 180) * MINUTE)
            submitted = self.happen(
                submitted,
                "submitted_for_signature",
                desk.specialist,
                desk.competent,
                to_state="awaiting_signature",
                note="Trình ký",
            )
            self.finish_step(1, submitted, then=2)
            at = self.happen(
                at,
                "signed",
                desk.leader,
                desk.competent,
                to_state="result_issued",
                note="Ký, ban hành kết quả",
                outcome="granted",
                resolved_at=self.reach(at),
            )
            self.finish_step(2, at, then=3)
            if self.row["return_method"] == "electronic" or rng.random() < 0.3:
                self.add_documents("result", at, desk.specialist, 1)
        ready = self.happen(
            at + rng.randint(5, 240) * MINUTE,
            "ready_for_return",
            desk.officer,
            desk.receiving,
            to_state="ready_for_return",
            note="Nhận kết quả, chờ trả",
        )
        returned = self.reach(self.load.later(ready, rng.randint(10, 3 * DAY)))
        self.happen(
            returned,
            "returned",
            desk.officer,
            desk.receiving,
            to_state="returned",
            note="Trả kết quả",
            returned_at=returned,
        )
        self.finish_step(len(self.steps) - 1, returned)

    def reach(self, at) -> datetime.datetime:
        """The instant of the next action (never before the last one), or Unfinished when it is after now."""
        at = max(at, self.events[-1]["at"]) if self.events else at
        if at > self.load.now:
            raise Unfinished
        return at


# -- the load -------------------------------------------------------------------------------------------------------


class EventRow:
    """An event row as core.hash_chain reads a DossierEvent: `_meta` (set by `seed`) and the row's values as its
    attributes. The same canonical form and hash as the model instance, without building millions of them."""

    _meta = None

    def __init__(self, row: dict):
        self.__dict__ = row  # seal() writes prev_hash and hash into the row itself


def seal(events: list[dict]) -> None:
    """Chain a new dossier's events, oldest first after GENESIS, as history_chain.append does one at a time."""
    from motcua.core import hash_chain
    from motcua.dossiers.history_chain import HASHED_FIELDS

    head = hash_chain.GENESIS
    for event in events:
        head = hash_chain.seal(EventRow(event), head, HASHED_FIELDS)


def reference(day: datetime.date, number: int) -> str:
    """A tracking reference in codes.allocate_reference's form, unique per day: the day's number scrambled by a
    multiplier prime to 25⁶ (a bijection), so that no reference repeats and none needs a look-up."""
    from motcua.dossiers.codes import REFERENCE_ALPHABET, REFERENCE_PREFIX, REFERENCE_RANDOM

    size = len(REFERENCE_ALPHABET)
    value, tail = (number * 104_729 + 7) % size**REFERENCE_RANDOM, ""
    for _ in range(REFERENCE_RANDOM):
        value, digit = divmod(value, size)
        tail += REFERENCE_ALPHABET[digit]
    return f"{REFERENCE_PREFIX}{day:%y%m%d}-{tail}"


def arrivals(load: Load, count: int, first: datetime.date) -> list[tuple[datetime.date, int, list]]:
    """(day, dossiers that day, its office periods) for every working day from `first` to yesterday: `count` in
    all, a third more a day at the end than at the start (online services and the population grow)."""
    from bench_dossiers import timezone_date

    days = working_days(load.calendar, first, timezone_date(load.now) - datetime.timedelta(days=1))
    cumulative = list(accumulate(1 + index / len(days) / 3 for index in range(len(days))))
    bounds = [round(count * weight / cumulative[-1]) for weight in cumulative]
    return [
        (day, upto - before, periods) for (day, periods), before, upto in zip(days, [0, *bounds], bounds, strict=False)
    ]


def moments(rng: random.Random, day: datetime.date, periods: list, count: int) -> list[datetime.datetime]:
    """`count` sorted random minutes of the day's office periods."""
    spans = [(start.hour * 60 + start.minute, end.hour * 60 + end.minute) for start, end in periods]
    lengths = [end - start for start, end in spans]
    picked = []
    for _ in range(count):
        offset = rng.randrange(sum(lengths))
        for (start, _end), length in zip(spans, lengths, strict=True):
            if offset < length:
                picked.append(start + offset)
                break
            offset -= length
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=VN)
    return [midnight + minute * MINUTE + datetime.timedelta(seconds=rng.randrange(60)) for minute in sorted(picked)]


def new_row(load: Load, desk: Desk, procedure: Procedure, channel: str, arrived: datetime.datetime) -> dict:
    """The dossier's row before its first action: the applicant, the procedure, no state yet."""
    rng = load.rng
    method = procedure.methods[channel]
    day = arrived.astimezone(VN).date()
    load.references[day] += 1
    returned_by = {"online": ("electronic", "desk"), "postal": ("post",)}.get(channel, ("desk",))
    return {
        "id": load.next_id("Dossier"),
        "reference": reference(day, load.references[day]),
        "version_id": method.version_id,
        "method_id": method.pk,
        "channel": channel,
        "receiving_agency_id": desk.receiving,
        "competent_agency_id": desk.competent,
        "applicant_kind": "person",
        "applicant_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
        "applicant_id_number": f"0010{rng.randint(60, 99)}{rng.randrange(10**6):06d}",
        "applicant_phone": f"09{rng.randrange(10**8):08d}",
        "request_summary": method.version.name,
        "return_method": rng.choice(returned_by),
        "state": "",
        "outcome": "",
        "revision": 0,
        "submitted_at": arrived,
        "due_at": None,
        "extended_due_at": None,
        "original_due_at": None,
        "supplement_due_at": None,
        "assignee_id": None,
    }


def one_dossier(load: Load, country: Province, catalog: list[Procedure], weights: list, arrived, share: float):
    """Draw a dossier arriving at `arrived` and tell its story into the load's rows; its final state."""
    rng = load.rng
    procedure = rng.choices(catalog, cum_weights=weights)[0]
    desk = country.departments.get(procedure.code) if rng.random() < DEPARTMENT_SHARE else None
    desk = desk or rng.choices(country.communes, cum_weights=load.commune_weights)[0]
    roll = rng.random()
    channel = "online" if roll < share and "online" in procedure.methods else "direct"
    if roll > 0.98 and "postal" in procedure.methods:
        channel = "postal"
    story = Story(load, new_row(load, desk, procedure, channel, arrived), desk, procedure)
    with suppress(Unfinished):  # the rest of its life is after now
        story.tell(arrived)
    seal(story.events)
    for table, rows in zip(TABLES, ([story.row], story.steps, story.events, story.documents, story.parts), strict=True):
        load.rows[table].extend(rows)
    return story.row["state"]


def flush(load: Load) -> float:
    """COPY the waiting rows, parents first; the seconds it took."""
    from motcua.dossiers import models

    began = time.perf_counter()
    for table in TABLES:
        insert_rows(getattr(models, table), load.rows[table])
        load.rows[table] = []
    return time.perf_counter() - began


@contextmanager
def bulk_load_mode():
    """As a dump is restored: the dossier tables' foreign keys and the indexes that back no constraint are dropped for
    the load and made again after it from their own definitions (pg_get_constraintdef, pg_get_indexdef) — one sorted
    build per index and one validating join per foreign key, instead of an index insertion and a look-up per row.
    The unique constraints stay, and check every row as it comes."""
    from django.db import connection

    from motcua.dossiers import models

    tables = [getattr(models, table)._meta.db_table for table in TABLES]
    with connection.cursor() as cursor:
        # Inside a transaction (a test's), the deferred checks of the rows made so far run now: PostgreSQL alters no
        # table with checks pending. Outside one, nothing is pending.
        if connection.in_atomic_block:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def seed(count: int, years: int, rng: random.Random, now: datetime.datetime) -> dict:
    """Seed the province (the demo data must be there) and return its figures: seconds per phase, dossiers per
    state, the first day. PostgreSQL only."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.models import Max

    from motcua.dossiers import models
    from motcua.reports import facts
    from motcua.workcal.calendars import engine_calendar

    if connection.vendor != "postgresql":
        raise RuntimeError("the province data set is loaded with COPY: PostgreSQL only (MOTCUA_DATABASE_URL)")
    seconds, began = {}, time.perf_counter()
    EventRow._meta = models.DossierEvent._meta
    for name, _type, content in SHARED_FILES:
        if not default_storage.exists(f"{FILE_FOLDER}/{name}"):
            default_storage.save(f"{FILE_FOLDER}/{name}", ContentFile(content))
    country = province(rng)
    catalog = procedures()
    weights = list(accumulate(PROCEDURES[procedure.code] for procedure in catalog))
    # One calendar for the province: lifecycle takes the competent agency's, the same where none has its own.
    load = Load(
        now=now,
        calendar=engine_calendar(),
        rng=rng,
        ids={table: getattr(models, table).objects.aggregate(last=Max("pk"))["last"] or 0 for table in TABLES},
        partners=country.partners,
        commune_weights=list(accumulate(rng.uniform(0.5, 1.5) for _ in country.communes)),
    )
    first = (now - datetime.timedelta(days=365 * years)).astimezone(VN).date()
    schedule = arrivals(load, count, first)
    seconds["agencies, catalog"] = time.perf_counter() - began
    states, copying, began = Counter(), 0.0, time.perf_counter()
    with bulk_load_mode():
        for index, (day, share, periods) in enumerate(schedule):
            online = 0.35 + 0.2 * index / len(schedule)
            for arrived in moments(rng, day, periods, share):
                states[one_dossier(load, country, catalog, weights, arrived, online)] += 1
            if len(load.rows["Dossier"]) >= BATCH:
                copying += flush(load)
        copying += flush(load)
        insert_rows(
            models.CodeSequence,
            [
                {"agency_id": agency_id, "day": day, "last_number": number}
                for (agency_id, day), number in load.counters.items()
            ],
        )
        seconds["rows made (Python: stories, hashes)"] = time.perf_counter() - began - copying
        seconds["COPY"] = copying
        began = time.perf_counter()
    seconds["indexes built, foreign keys validated"] = time.perf_counter() - began
    began = time.perf_counter()
    move_sequences([getattr(models, table) for table in TABLES])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would do after such a load; the facts' plans need it
    seconds["analyze"] = time.perf_counter() - began
    began = time.perf_counter()
    months = facts.months_to_store()  # the periodic store_recent_months computes the last 13 of them
    for month in months:
        facts.compute(month)
    seconds["report facts"] = time.perf_counter() - began
    return {"seconds": seconds, "states": dict(states), "first_day": first, "months": len(months)}


# -- the figures ----------------------------------------------------------------------------------------------------


def sizes() -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """({table: (rows, total bytes with indexes and TOAST)}, {index of the dossier table: bytes})."""
    from django.db import connection

    from motcua.dossiers import models

    tables = {}
    with connection.cursor() as cursor:
        for table in (*TABLES, "CodeSequence"):
            name = getattr(models, table)._meta.db_table
            cursor.execute(f"SELECT count(*), pg_total_relation_size('{name}') FROM {name}")
            tables[name] = cursor.fetchone()
        cursor.execute(
            "SELECT 'table itself (heap + TOAST)', pg_table_size('dossiers_dossier') UNION ALL "
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
            "WHERE indrelid = 'dossiers_dossier'::regclass ORDER BY 2 DESC"
        )
        parts = dict(cursor.fetchall())
        cursor.execute("SELECT pg_database_size(current_database())")
        tables["(whole database)"] = (None, cursor.fetchone()[0])
    return tables, parts


def report(count: int, figures: dict) -> None:
    per_million = 1_000_000 / count
    print(
        f"seeded {count:,} dossiers received {figures['first_day']:%d/%m/%Y}–yesterday; {figures['months']} months of "
        "report facts stored"
    )
    for phase, seconds in figures["seconds"].items():
        print(f"  {phase:40} {seconds:8.1f} s")
    print(f"  {'in all':40} {sum(figures['seconds'].values()):8.1f} s")
    print("states: " + ", ".join(f"{state} {number:,}" for state, number in sorted(figures["states"].items())))
    tables, parts = sizes()
    print(f"{'table':32} {'rows':>12} {'MB':>9} {'MB per million dossiers':>24}")
    for name, (rows, size) in tables.items():
        rows_text = "" if rows is None else f"{rows:,}"
        print(f"{name:32} {rows_text:>12} {size / 2**20:9.1f} {size / 2**20 * per_million:24.1f}")
    print("the dossier table and each of its indexes:")
    for name, size in parts.items():
        print(f"  {name:50} {size / 2**20:9.1f} MB {size / 2**20 * per_million:9.1f} MB per million")


@contextmanager
def database(keep: bool):
    """The scratch database (scratch_db), or with `keep` a test database left in place for later runs."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_ENV", "development")
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The province data set is loaded with COPY: set MOTCUA_DATABASE_URL to a PostgreSQL database.")
    if not keep:
        with scratch_database():
            yield
        return
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    yield
    print(f"kept the database {connection.settings_dict['NAME']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=5_000_000)
    parser.add_argument("--years", type=int, choices=(1, 3), default=1, help="history: the last 12 months or 3 years")
    parser.add_argument("--keep", action="store_true", help="keep the database (test_<name>) after the run")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with database(args.keep):
        from django.db import connection
        from django.utils import timezone

        from motcua.demo.seed import seed as seed_demo

        seed_demo()
        figures = seed(args.dossiers, args.years, random.Random(args.seed), timezone.now())
        report(args.dossiers, figures)
        connection.close()


if __name__ == "__main__":
    main()
