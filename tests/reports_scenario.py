"""A known set of dossiers at Hồng Vân around March 2026, made through the lifecycle, for the report tests.

Each letter is one dossier with a purpose; EXPECTED_MARCH / EXPECTED_APRIL are the figures of form II.06a worked out
by hand from the stories below (working days Monday–Friday; 1.002211 takes 5 working days, 2.000908 one,
1.004194 three; Hồng Vân's centre receives, the People's Committee or the police resolve).
"""

import datetime
from dataclasses import dataclass

from dossier_helpers import CENTRE, PERSON, POLICE, UBND, at, intake, user
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency

MEDIATION, COPY, RESIDENCE = "1.002211", "2.000908", "1.004194"
MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
APRIL = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
NOW = at(2026, 4, 10, 12)  # the reports are made on 10/04/2026 at noon

# received_total, online, direct, carried_over, resolved_total, early, on_time, late, pending_total, within, overdue
EXPECTED_MARCH = {
    MEDIATION: (13, 1, 10, 2, 11, 3, 4, 4, 2, 2, 0),
    COPY: (2, 0, 2, 0, 0, 0, 0, 0, 2, 1, 1),
    RESIDENCE: (3, 1, 0, 2, 1, 1, 0, 0, 2, 0, 2),
}
EXPECTED_APRIL = {
    MEDIATION: (3, 0, 1, 2, 1, 0, 0, 1, 2, 1, 1),
    COPY: (2, 0, 0, 2, 1, 0, 1, 0, 1, 0, 1),
    RESIDENCE: (2, 0, 0, 2, 1, 0, 0, 1, 1, 0, 1),
}


@dataclass
class People:
    desk: object
    specialist: object
    leader: object
    police_specialist: object
    police_leader: object
    citizen: object


def people() -> People:
    return People(
        user("tiepnhan.hongvan"),
        user("chuyenvien.hongvan"),
        user("lanhdao.hongvan"),
        user("chuyenvien.congan.hongvan"),
        user("lanhdao.congan.hongvan"),
        user("congdan"),
    )


class Builder:
    def __init__(self):
        self.p = people()

    def _handlers(self, dossier: Dossier):
        if dossier.competent_agency.name == POLICE:
            return self.p.police_specialist, self.p.police_leader
        return self.p.specialist, self.p.leader

    def received(self, when, code=MEDIATION, channel="direct", competent=UBND) -> Dossier:
        """Accepted at `when` (online: submitted an hour earlier), transferred and assigned at once."""
        if channel == "online":
            applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": self.p.citizen})
            submitted = lifecycle.submit_online(
                self.p.citizen,
                intake(code, "online", competent, applicant=applicant),
                at=when - datetime.timedelta(hours=1),
            )
            dossier = lifecycle.accept(self.p.desk, submitted, at=when)
        else:
            dossier = lifecycle.accept(self.p.desk, intake(code, channel, competent), at=when)
        dossier = lifecycle.transfer(self.p.desk, dossier, at=when + datetime.timedelta(minutes=10))
        specialist, leader = self._handlers(dossier)
        return lifecycle.assign(leader, dossier, specialist=specialist, at=when + datetime.timedelta(minutes=20))

    def sign(self, dossier: Dossier, when) -> Dossier:
        specialist, leader = self._handlers(dossier)
        dossier = lifecycle.submit_for_signature(specialist, dossier, at=when - datetime.timedelta(minutes=30))
        return lifecycle.sign(leader, dossier, at=when)

    def decided(self, received, signed, **kwargs) -> Dossier:
        return self.sign(self.received(received, **kwargs), signed)

    def extended(self, dossier: Dossier, when, new_due) -> Dossier:
        _, leader = self._handlers(dossier)
        return lifecycle.request_extension(
            leader, dossier, reason="Cần thêm thời gian xác minh thực địa.", new_due_at=new_due, at=when
        )

    def supplement(self, dossier: Dossier, when) -> Dossier:
        specialist, _ = self._handlers(dossier)
        return lifecycle.request_supplement(
            specialist, dossier, items=["Bản sao giấy tờ tùy thân"], reason="Thiếu giấy tờ", at=when
        )


def build_scenario() -> dict[str, Dossier]:
    """The dossiers by letter; see the module docstring. Call inside a test with the `demo` fixture."""
    b, d = Builder(), {}
    # Received in February.
    d["A"] = b.decided(at(2026, 2, 23, 10), at(2026, 2, 27, 10))  # decided before March: not in March at all
    d["B"] = b.decided(at(2026, 2, 25, 10), at(2026, 3, 3, 16))  # due 04/03 10:00: early
    d["C"] = b.decided(at(2026, 2, 26, 9), at(2026, 3, 6, 9), channel="online")  # due 05/03 09:00: late
    d["D"] = b.received(at(2026, 2, 27, 10), code=RESIDENCE, competent=POLICE)  # due 04/03: pending overdue
    d["U"] = b.received(at(2026, 2, 26, 10), code=RESIDENCE, competent=POLICE)  # due 03/03, decided 03/04: late
    # Received in March: mediation (UBND, 5 working days).
    d["E"] = b.decided(at(2026, 3, 2, 10), at(2026, 3, 9, 9))  # due 09/03 10:00: on time (the due day)
    d["F"] = b.decided(at(2026, 3, 3, 10), at(2026, 3, 9, 15), channel="postal")  # due 10/03: early
    d["G"] = b.decided(at(2026, 3, 4, 10), at(2026, 3, 12, 9), channel="online")  # due 11/03 10:00: late
    h = b.extended(b.received(at(2026, 3, 16, 10)), at(2026, 3, 20, 9), at(2026, 3, 27, 10))  # due 23/03 → 27/03
    d["H"] = b.sign(h, at(2026, 3, 26, 10))  # late: judged against the first due date (ii06a.legal_due)
    i = b.extended(b.received(at(2026, 3, 17, 10)), at(2026, 3, 20, 9), at(2026, 3, 26, 10))  # due 24/03 → 26/03
    d["I"] = b.sign(i, at(2026, 3, 27, 10))  # late even after the apology letter
    d["J"] = b.supplement(b.received(at(2026, 3, 18, 10)), at(2026, 3, 19, 9))  # waiting for the supplement
    k = b.supplement(b.received(at(2026, 3, 2, 10)), at(2026, 3, 3, 9))
    k = lifecycle.receive_supplement(b.p.desk, k, at=at(2026, 3, 5, 10))  # period restarts: due 12/03 10:00
    d["K"] = b.sign(k, at(2026, 3, 11, 10))  # early (late against the first due date, 09/03)
    d["L"] = lifecycle.stop(b.p.desk, b.received(at(2026, 3, 9, 10)), reason="Rút hồ sơ", at=at(2026, 3, 10, 9))
    d["M"] = b.supplement(b.received(at(2026, 3, 3, 10)), at(2026, 3, 4, 9))  # closed unsupplemented on 20/03
    lifecycle.close_unsupplemented(now=at(2026, 3, 20, 8))
    specialist = b.p.specialist
    d["P"] = lifecycle.refuse(
        specialist, b.received(at(2026, 3, 10, 10)), reason="Không đủ điều kiện", at=at(2026, 3, 11, 10)
    )  # refused after appraisal: the «Trả lại» of column 9 (ii06a.refused_after_appraisal), though decided early
    d["T"] = b.received(at(2026, 3, 25, 10))  # due 01/04 10:00; decided 02/04 (late, in April)
    # Copies from the master register (UBND, 1 working day).
    d["N"] = b.received(at(2026, 3, 31, 9), code=COPY)  # due 01/04 09:00: within at the end of March
    d["O"] = b.received(at(2026, 3, 23, 10), code=COPY)  # due 24/03: overdue, still undecided
    # Residence (police, 3 working days), online.
    d["Q"] = b.decided(at(2026, 3, 2, 14), at(2026, 3, 4, 10), code=RESIDENCE, competent=POLICE, channel="online")
    # Never received, so never counted: refused and returned at intake, an online filing not checked yet.
    desk = b.p.desk
    d["R"] = lifecycle.refuse_intake(desk, intake(), reason="Giấy tờ bị tẩy xóa", at=at(2026, 3, 5, 10))
    d["X"] = lifecycle.request_intake_supplement(desk, intake(), items=["Đơn đề nghị"], at=at(2026, 3, 6, 10))
    applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": b.p.citizen})
    # Not checked within its 8 working hours: overdue at the desk, though not yet received.
    d["W"] = lifecycle.submit_online(b.p.citizen, intake(channel="online", applicant=applicant), at=at(2026, 3, 31, 16))
    # April.
    d["T"] = b.sign(d["T"], at(2026, 4, 2, 10))
    d["U"] = b.sign(d["U"], at(2026, 4, 3, 10))
    d["N"] = b.sign(d["N"], at(2026, 4, 1, 8))  # the due day: on time
    d["S"] = b.received(at(2026, 4, 2, 10))  # due 09/04 10:00: overdue on 10/04
    return d


def centre_and_agencies() -> dict[str, Agency]:
    return {name: Agency.objects.get(name=name) for name in (CENTRE, UBND, POLICE)}
