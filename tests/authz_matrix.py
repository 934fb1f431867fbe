"""The authorisation matrix's table (ma trận phân quyền), read by tests/test_authz_matrix.py.

One entry per named URL pattern (PAGES, keyed "namespace:name", or by route for an unnamed one) and per API operation
(OPERATIONS, keyed "METHOD /path" as the OpenAPI document writes it). An entry says which object of xã Hồng Vân
fills each path parameter and what each outsider gets, as a set of outcomes:
  "ok"     an answer below 400 that is not a login page (the actor may use it; it must still not show Hồng Vân's data),
  "login"  a redirect to the login page (the site's or the admin's),
  "401", "403", "404", "405" … the status itself.
A new URL or operation needs an entry here, or the test fails naming it; see docs/security.md, "Ma trận phân quyền".
"""

from dataclasses import dataclass, field

# The actors. Citizen B tries citizen A's dossier; the four staff roles belong to xã Thường Tín, the victim is
# xã Hồng Vân; the inspector (Hà Nội's, who may read Hồng Vân) tries to write; the keys belong to Hồng Vân's leader.
ANONYMOUS = "anonymous"
CITIZEN_B = "citizen_b"
RECEIVING = "receiving_officer"
SPECIALIST = "specialist"
LEADER = "leader"
AGENCY_ADMIN = "agency_admin"
INSPECTOR = "inspector_write"
REVOKED = "revoked_key"
EXPIRED = "expired_key"
READ_SCOPE = "read_key_writing"
OUTSIDE_STAFF = (RECEIVING, SPECIALIST, LEADER, AGENCY_ADMIN)
# The inspector may read Hồng Vân (Hà Nội's territory): their pages may show its dossiers; only writing is refused.
MAY_READ_VICTIM = (INSPECTOR,)
STAFF_ACTORS = (*OUTSIDE_STAFF, INSPECTOR)
PAGE_ACTORS = (ANONYMOUS, CITIZEN_B, *OUTSIDE_STAFF, INSPECTOR)
WRITES = ("POST", "PUT", "PATCH", "DELETE")

OK = "ok"
LOGIN = "login"


def page_requests():
    """Each page is read (GET) and written (an empty POST) by every actor but the inspector, who only writes."""
    for actor in PAGE_ACTORS:
        if actor != INSPECTOR:
            yield actor, "GET"
        yield actor, "POST"


def api_actors(method: str):
    """Reads: the visitor, citizen B, the outside staff, the revoked and expired keys. Writes: also the inspector
    and the read-scope key."""
    yield from (ANONYMOUS, CITIZEN_B, *OUTSIDE_STAFF, REVOKED, EXPIRED)
    if method in WRITES:
        yield from (INSPECTOR, READ_SCOPE)


def outcomes(value) -> frozenset:
    return frozenset(value.split("|")) if isinstance(value, str) else frozenset(value)


@dataclass(frozen=True)
class Entry:
    """Who gets what: `rules` maps (actor, method) to the outcomes allowed, "*" standing for any method."""

    rules: dict
    params: dict = field(default_factory=dict)

    def expect(self, actor: str, method: str) -> frozenset:
        value = self.rules.get((actor, method), self.rules.get((actor, "*")))
        if value is None:
            raise KeyError(f"no rule for {actor} {method}")
        return outcomes(value)


def rule(get: dict, post: dict, params: dict | None = None, **overrides) -> Entry:
    """An entry from one outcome per actor for GET and for POST; `overrides` as actor__METHOD=outcome."""
    rules = {(actor, "GET"): value for actor, value in get.items()}
    rules |= {(actor, "POST"): value for actor, value in post.items()}
    for key, value in overrides.items():
        actor, _, method = key.rpartition("__")
        rules[(actor, method)] = value
    return Entry(rules, params or {})


def everyone(value: str) -> dict:
    return dict.fromkeys(PAGE_ACTORS, value)


# -- Xã Hồng Vân's objects (the victim's), one per kind a path parameter names.

VICTIM_UNIT_CODE = "10210"  # xã Hồng Vân (motcua.demo.seed.HONG_VAN_CODE)


def victim_dossier():
    """Citizen A's dossier at Hồng Vân's People's Committee, filed online and returned."""
    from motcua.dossiers.models import Dossier

    mine = Dossier.objects.filter(
        applicant_user__username="congdan", competent_agency__name="Ủy ban nhân dân xã Hồng Vân"
    )
    return mine.filter(channel="online", state="returned").order_by("pk").first()


def victim_objects() -> dict:
    """Hồng Vân's objects from `motcua demo`: citizen A (`congdan`)'s dossier with its files, form, payment and
    rating, the agency's calendar, catalog entries, survey, reform records, parts and groups. `markers` are the
    strings no outsider may be shown: the dossier's code and the applicant's identity number."""
    from motcua.accounts.models import ApiToken, User
    from motcua.catalog.models import AgencyOffering, Posting, RequiredDocument
    from motcua.documents.models import BackgroundDocument
    from motcua.dossiers.models import Consultation, DossierEvent, InteragencyPart
    from motcua.feedback.models import FollowUp, Survey
    from motcua.groups.models import DossierGroup
    from motcua.orgs.models import Agency
    from motcua.payments.models import Payment
    from motcua.portal.models import Draft
    from motcua.reform import models as reform
    from motcua.reports.exports import LISTS
    from motcua.workcal.models import CalendarOverride, WorkCalendar

    def first(kind, queryset):
        found = queryset.order_by("pk").first()
        if found is None:
            raise LookupError(f"the demo data has no {kind} at xã Hồng Vân")
        return found

    token_owner = User.objects.get(username="lanhdao.hongvan")
    ubnd = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    dossier = victim_dossier()
    document = first("dossier file", dossier.documents.exclude(stage="result"))
    result = first("result file", dossier.documents.filter(stage="result"))
    event = first("dossier form", DossierEvent.objects.filter(dossier=dossier).exclude(form=""))
    payment = first(
        "payment",
        Payment.objects.filter(
            dossier__applicant_user=dossier.applicant_user, dossier__competent_agency__unit__code=VICTIM_UNIT_CODE
        ),
    )
    part = first(
        "inter-agency part", InteragencyPart.objects.filter(dossier__competent_agency__unit__code=VICTIM_UNIT_CODE)
    )
    offering = first("procedure offered", AgencyOffering.objects.filter(agency=ubnd))
    version = offering.procedure.versions.filter(status="published").first()
    calendar = WorkCalendar.objects.filter(agency__unit__code=VICTIM_UNIT_CODE).first() or first(
        "working calendar", WorkCalendar.objects.filter(province__isnull=False)
    )
    survey = first("survey", Survey.objects.filter(agency__unit__code=VICTIM_UNIT_CODE))
    inspection = first("inspection", reform.Inspection.objects.filter(target_agency__unit__code=VICTIM_UNIT_CODE))
    values = {
        "dossier": dossier.pk,
        "dossier_code": dossier.code,
        "document": document.pk,
        "result": result.pk,
        "event": event.pk,
        "form": "01",
        "fmt": "docx",  # one format every download offers (dossier forms, plan exports, inspection records)
        "action": "assign",
        "payment": payment.pk,
        "payment_dossier": payment.dossier_id,
        "payment_reference": payment.reference,
        "part": part.pk,
        "part_document": (part.documents.order_by("pk").first() or document).pk,
        "group": first("group", DossierGroup.objects.filter(applicant_user__username="congdan")).pk,
        "group_kind": "khai-sinh",
        "agency": ubnd.pk,
        "centre": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân").pk,
        "police": Agency.objects.get(name="Công an xã Hồng Vân").pk,
        "consultation": getattr(Consultation.objects.filter(dossier__competent_agency=ubnd).first(), "pk", 1),
        "procedure": offering.procedure_id,
        "procedure_code": offering.procedure.code,
        "version": version.pk,
        # The demo catalogue holds no form file (mẫu đơn): the public download answers 404 to everyone.
        "required_document": first("required document", RequiredDocument.objects.filter(version=version)).pk,
        "posting": first("posting", Posting.objects.filter(agency__unit__code=VICTIM_UNIT_CODE)).pk,
        "calendar": calendar.pk,
        "override": first("calendar day", CalendarOverride.objects.all()).pk,
        "report_list": next(iter(LISTS)),
        "follow_up": first("rating follow-up", FollowUp.objects.filter(agency__unit__code=VICTIM_UNIT_CODE)).pk,
        "survey": survey.pk,
        "survey_token": survey.token,
        "plan": first("reform plan", reform.ReformPlan.objects.filter(agency__unit__code=VICTIM_UNIT_CODE)).pk,
        "task": first("plan task", reform.PlanTask.objects.filter(plan__agency__unit__code=VICTIM_UNIT_CODE)).pk,
        "task_file": first(
            "task file", reform.TaskUpdateFile.objects.filter(update__task__plan__agency__unit__code=VICTIM_UNIT_CODE)
        ).pk,
        "file_kind": "tien-do",
        "inspection": inspection.pk,
        "measure": "desk_staff",
        "checklist_item": first("checklist item", inspection.checklist.all()).pk,
        "recommendation": first("recommendation", inspection.recommendations.all()).pk,
        "removable_kind": "kien-nghi",
        # The demo has no index assessment: a row number that exists nowhere (everyone gets 404; see the report).
        "assessment": getattr(reform.Assessment.objects.filter(agency=ubnd).first(), "pk", 10**9),
        "score": getattr(reform.Score.objects.filter(assessment__agency=ubnd).first(), "pk", 10**9),
        "draft": (
            Draft.objects.filter(owner=dossier.applicant_user).first()
            or Draft.objects.create(owner=dossier.applicant_user, method=dossier.method)
        ).pk,
        "document_number": 1,
        "token": first("API key", ApiToken.objects.filter(user=token_owner)).pk,
        # A document made in the background for Hồng Vân's leader, with personal data (motcua.documents.background).
        "background": BackgroundDocument.objects.create(
            kind="matrix", reuse_key="matrix", title="matrix", requested_by=token_owner, personal=True
        ).key,
        "uidb64": "MQ",
        "reset_token": "set-password",
        "admin_object": 1,
        "content_type": 1,
        "user": ubnd.pk,
        "app_label": "orgs",
        "admin_path": "khong-co/",
    }
    values["markers"] = [dossier.code, payment.dossier.code, part.dossier.code, dossier.applicant_id_number]
    return values


# -- The table.

# The object each path parameter names, unless the entry says otherwise (a "pk" is always the entry's to say).
DEFAULT_PARAMS = {
    "document_pk": "document",
    "agency_pk": "agency",
    "version_pk": "version",
    "action": "action",
    "form": "form",
    "fmt": "fmt",
    "event_pk": "event",
    "number": "document_number",
    "agency_id": "agency",
    "reference": "payment_reference",
    "key": "background",
    "uidb64": "uidb64",
    "measure": "measure",
    "document_id": "required_document",
    "code": "procedure_code",
    "object_id": "admin_object",
    "content_type_id": "content_type",
    "id": "user",
    "app_label": "app_label",
    "url": "admin_path",
}


def page_entry(name: str) -> Entry | None:
    """The entry of a URL pattern. The admin site's pages share one: AdminSite.has_permission (an active `is_staff`
    account) guards every one of them, so a model added to the admin is covered without an entry of its own."""
    entry = PAGES.get(name)
    if entry is None and (name.startswith("admin:") or name.startswith("quan-tri/")):
        entry = ADMIN
    if entry is None:
        return None
    return Entry(entry.rules, DEFAULT_PARAMS | entry.params)


ALL_ACTORS = (*PAGE_ACTORS, REVOKED, EXPIRED, READ_SCOPE)
GROUPS = {"outside": OUTSIDE_STAFF, "everyone": ALL_ACTORS}


def spec(text: str) -> dict:
    """Rules from a line such as "anonymous=login citizen_b=403 outside=ok inspector_write=-/403": each actor (or
    group: `outside` = the four staff roles of another commune, `everyone`) gets GET/POST outcomes, one value for
    both, alternatives joined by "|"; "-" where the actor makes no such request. Later words override earlier."""
    rules = {}
    for word in text.split():
        who, _, value = word.partition("=")
        get, _, post = value.partition("/")
        for actor in GROUPS.get(who, (who,)):
            assert actor in ALL_ACTORS, actor
            rules[(actor, "GET")], rules[(actor, "POST")] = get, post or get
    return rules


def policy(text: str):
    """A kind of page: the same rules, each entry naming its own parameters and, if it must, its own exceptions."""
    rules = spec(text)

    def entry(extra: str = "", **params) -> Entry:
        return Entry(rules | spec(extra), params)

    return entry


# Pages for everyone (the landing page, the public catalogue, tracking, statistics and posting sheets).
PUBLIC = policy("everyone=ok")
# Sign-in, sign-up and recovery: a visitor's pages, answered to anyone.
SIGNED_OUT = policy("everyone=ok")
# One's own account: a visitor is sent to log in, anyone logged in sees only their own.
ACCOUNT = policy("everyone=ok anonymous=login")
# A citizen's own lists (dossiers, drafts, payments): each sees only theirs (the leak check proves it); staff are
# refused the portal's personal pages.
MINE = policy("anonymous=login citizen_b=ok/405 outside=403 inspector_write=403")
# One of citizen A's objects: citizen B gets 404 (nothing says it exists), staff are refused.
CITIZEN_OBJECT = policy("anonymous=login citizen_b=404 outside=403 inspector_write=403")
# A desk page without an object: staff of any commune may open it and see their own commune's figures only.
DESK = policy("anonymous=login citizen_b=403 outside=ok inspector_write=ok")
# A desk page for the managers of an agency (leader, agency admin).
DESK_MANAGERS = policy("anonymous=login citizen_b=403 outside=403 leader=ok agency_admin=ok inspector_write=ok")
# A desk page of one of Hồng Vân's objects: staff elsewhere get 404, the inspector may read but not write.
DESK_OBJECT = policy("anonymous=login citizen_b=403 outside=404 inspector_write=403")
# A desk action only a POST performs (require_POST answers a GET 405 before it looks at the object).
DESK_ACTION = policy("anonymous=login citizen_b=403 outside=405/404 inspector_write=403")
# A desk page of one of Hồng Vân's objects that only reads, whatever the method (the inspector's POST reads too).
DESK_READ = policy("anonymous=login citizen_b=403 outside=404 inspector_write=ok")
# A page of the national catalogue or calendar that only a system administrator changes.
SYSTEM_ADMIN_ONLY = policy("anonymous=login citizen_b=403 outside=403 inspector_write=403")
# The admin site: every account here lacks `is_staff`, so every page sends it to the admin's login.
ADMIN = Entry(spec("everyone=login"), {"pk": "admin_object"})

PAGES = {
    "home": PUBLIC(),
    # Accounts: sign-in, sign-up and recovery are for visitors; the rest is one's own account.
    "accounts:login": SIGNED_OUT(),
    "accounts:otp_verify": ACCOUNT(),
    # Only for a session that still owes adding the second factor its role requires: anyone else logs in.
    "accounts:otp_login_enrol": SIGNED_OUT("everyone=login"),
    # VNeID is not configured in the tests: the sign-in with it does not exist (404); it is never a POST.
    "accounts:oidc_login": SIGNED_OUT("everyone=404/405"),
    "accounts:oidc_callback": SIGNED_OUT("everyone=404/405"),
    "accounts:logout": SIGNED_OUT("everyone=405/ok"),
    "accounts:signup": SIGNED_OUT(),
    "accounts:signup_verify": SIGNED_OUT(),
    "accounts:signup_resend": SIGNED_OUT("everyone=405/ok"),
    "accounts:profile": ACCOUNT(),
    "accounts:contact": ACCOUNT(),
    "accounts:contact_verify": ACCOUNT(),
    "accounts:contact_resend": ACCOUNT("everyone=405/ok anonymous=405/login"),
    "accounts:notification_channels": ACCOUNT(),
    "accounts:security": ACCOUNT(),
    # Staff only (a citizen signs in with a code by text message or VNeID).
    "accounts:otp_enrol": DESK(),
    "accounts:otp_disable": DESK(),
    "accounts:api_tokens": DESK(),
    # Hồng Vân's leader's key: nobody else may revoke it (404: it is not theirs).
    "accounts:revoke_api_token": Entry(
        spec("everyone=405/404 anonymous=405/login citizen_b=405/403 inspector_write=-/404"), {"pk": "token"}
    ),
    "accounts:password_change": ACCOUNT(),
    # The data subject's own data (Law 91/2025/QH15 on personal data protection): theirs only, never anyone else's.
    "accounts:personal_data": ACCOUNT(),
    "accounts:personal_data_download": ACCOUNT(),
    "accounts:personal_data_delete": ACCOUNT("everyone=405/ok anonymous=login"),
    "accounts:password_reset": SIGNED_OUT(),
    "accounts:phone_reset": SIGNED_OUT(),
    "accounts:phone_reset_verify": SIGNED_OUT(),
    "accounts:phone_reset_resend": SIGNED_OUT("everyone=405/ok"),
    "accounts:phone_reset_password": SIGNED_OUT(),
    "accounts:password_reset_done": SIGNED_OUT("everyone=ok/405"),
    "accounts:password_reset_confirm": SIGNED_OUT(token="reset_token"),
    "accounts:password_reset_complete": SIGNED_OUT("everyone=ok/405"),
    # The desk (staff).
    "desk:home": DESK(),
    # The audit log: an agency admin sees their own agency's entries only.
    "desk:audit": DESK("outside=403 agency_admin=ok inspector_write=403"),
    "desk:calendars": DESK(),
    "desk:calendar_create": DESK(),
    "desk:national_calendar": DESK("outside=ok/403 inspector_write=403"),
    "desk:calendar": DESK_OBJECT(pk="calendar"),
    "desk:override_delete": SYSTEM_ADMIN_ONLY(pk="override"),
    "desk:catalog": DESK(),
    "desk:catalog_create": SYSTEM_ADMIN_ONLY(),
    # The national catalogue is read by every official; it is changed by the system administrator.
    "desk:catalog_procedure": DESK(pk="procedure"),
    "desk:catalog_draft_new": DESK("outside=ok/403 inspector_write=403", pk="procedure"),
    "desk:catalog_abolish": SYSTEM_ADMIN_ONLY(pk="procedure"),
    "desk:catalog_offering": SYSTEM_ADMIN_ONLY(pk="procedure"),
    "desk:catalog_process": SYSTEM_ADMIN_ONLY(pk="procedure"),
    "desk:catalog_version": DESK(pk="version"),
    "desk:catalog_draft_edit": SYSTEM_ADMIN_ONLY(pk="version"),
    "desk:catalog_draft_delete": SYSTEM_ADMIN_ONLY(pk="version"),
    "desk:catalog_publish": SYSTEM_ADMIN_ONLY(pk="version"),
    "desk:catalog_posting_remove": SYSTEM_ADMIN_ONLY(pk="posting"),
    # Kiểm soát TTHC: the agency admin (and the inspector, who reads it; its POST only filters).
    "desk:catalog_control": DESK("outside=403 agency_admin=ok"),
    "desk:report-index": DESK(),
    "desk:report-06a": DESK(),
    # The drill-down of a figure needs its figure: without one it is 404 for everyone.
    "desk:report-06a-dossiers": DESK_OBJECT("inspector_write=404"),
    "desk:report-06a-xlsx": DESK(),
    "desk:report-list": DESK(slug="report_list"),
    "desk:dashboard": DESK_MANAGERS(),
    "desk:dashboard-dossiers": DESK_MANAGERS("leader=404 agency_admin=404 inspector_write=404"),
    "desk:dashboard-766": DESK_MANAGERS(),
    "desk:payment-desk": DESK(),
    "desk:payment-dossier": DESK_READ(pk="payment_dossier"),
    # The inspector's empty form is refused as invalid (422) first; payments.services refuses a valid one (403).
    "desk:payment-cash": DESK_ACTION("inspector_write=422", pk="payment_dossier"),
    "desk:payment-desk-transfer": DESK_ACTION(pk="payment_dossier"),
    "desk:payment-confirm": DESK_ACTION(pk="payment"),
    "desk:payment-cancel": DESK_OBJECT("inspector_write=422", pk="payment"),
    "desk:payment-desk-receipt": DESK_READ(pk="payment"),
    "desk:feedback-home": DESK(),
    # The rating kiosk at the desk, for a dossier just returned there: not for this returned-online one.
    "desk:feedback-kiosk": DESK_OBJECT("inspector_write=404", pk="dossier"),
    "desk:feedback-kiosk-done": DESK_OBJECT("inspector_write=404", pk="dossier"),
    "desk:feedback-follow-ups": DESK_MANAGERS(),
    "desk:feedback-follow-up": DESK_OBJECT(pk="follow_up"),
    "desk:feedback-surveys": DESK(),
    "desk:feedback-survey-create": DESK_MANAGERS("leader=ok/422 agency_admin=ok/422 inspector_write=403"),
    "desk:feedback-survey": DESK_READ(pk="survey"),
    "desk:feedback-survey-questions": DESK_OBJECT(pk="survey"),
    "desk:feedback-survey-open": DESK_ACTION(pk="survey"),
    "desk:feedback-survey-close": DESK_OBJECT(pk="survey"),
    "desk:feedback-survey-desk": DESK_OBJECT(pk="survey"),
    "desk:feedback-survey-csv": DESK_READ(pk="survey"),
    "desk:feedback-survey-questions-csv": DESK_READ(pk="survey"),
    "desk:feedback-survey-qr": DESK_READ(pk="survey"),
    "desk:reform-home": DESK(),
    "desk:reform-plan-create": DESK_MANAGERS("inspector_write=403"),
    "desk:reform-plan": DESK_OBJECT(pk="plan"),
    "desk:reform-plan-export": DESK_READ(pk="plan"),
    "desk:reform-task": DESK_OBJECT(pk="task"),
    "desk:reform-task-delete": DESK_OBJECT(pk="task"),
    "desk:reform-file": DESK_READ(kind="file_kind", pk="task_file"),
    "desk:reform-inspections": DESK(),
    "desk:reform-inspection-create": DESK_MANAGERS("inspector_write=403"),
    "desk:reform-inspection": DESK_OBJECT(pk="inspection"),
    "desk:reform-inspection-sign": DESK_OBJECT(pk="inspection"),
    "desk:reform-evidence": DESK_READ(pk="inspection"),
    "desk:reform-record": DESK_READ(pk="inspection"),
    # Assessing a criterion is the inspection team's own work: Hà Nội's inspector is on the team.
    "desk:reform-assess": DESK_ACTION("inspector_write=ok", pk="checklist_item"),
    "desk:reform-remove": DESK_OBJECT(kind="removable_kind", pk="recommendation"),
    "desk:reform-recommendation": DESK_OBJECT(pk="recommendation"),
    "desk:reform-summary": DESK(),
    "desk:reform-assessments": DESK("outside=ok/403 leader=ok agency_admin=ok inspector_write=403"),
    # The demo has no index assessment: the row number exists nowhere (404 for every caller).
    "desk:reform-assessment": DESK_OBJECT("inspector_write=404", pk="assessment"),
    "desk:reform-score": DESK_ACTION("inspector_write=404", pk="score"),
    "desk:dossiers": DESK("outside=ok/403 leader=ok/422 inspector_write=403"),
    "desk:dossier_intake": DESK("outside=403 receiving_officer=ok inspector_write=403"),
    "desk:groups": DESK(),
    # Thường Tín offers no Decree 63/2024 group: its receiving officer finds none to file (404).
    "desk:group_intake": DESK("outside=403 receiving_officer=404 inspector_write=403", slug="group_kind"),
    "desk:group": DESK_READ(pk="group"),
    "desk:group_deliver": DESK_ACTION("inspector_write=422", pk="group"),
    # Its filters are POSTed (names stay out of URLs); an empty one is invalid (422).
    "desk:dossier_tracking_book": DESK("outside=ok/422 inspector_write=422"),
    "desk:dossier": DESK_READ(pk="dossier"),
    # The inspector's empty form is invalid (422) before the transition table refuses a valid one (403).
    # Showing the masked identity number and phone is an audited act of someone who may see the dossier: the
    # inspector may (their task can need it), staff elsewhere get 404.
    "desk:dossier_reveal": DESK_ACTION("inspector_write=ok", pk="dossier"),
    "desk:dossier_action": DESK_ACTION("inspector_write=422", pk="dossier"),
    "desk:dossier_document": DESK_READ(pk="dossier"),
    "desk:parts": DESK(),
    "desk:part": DESK_READ(pk="part"),
    "desk:part_action": DESK_ACTION("inspector_write=404", pk="part"),
    # The part was sent without files and has no result yet: 404 for every caller (the API's part covers reads).
    "desk:part_document": DESK_OBJECT("inspector_write=404", pk="part", document_pk="part_document"),
    "desk:part_result": DESK_OBJECT("inspector_write=404", pk="part"),
    "desk:dossier_form": DESK_READ(pk="dossier"),
    # The portal (citizens; the catalogue, tracking, statistics and posting sheets are public).
    "portal:home": ACCOUNT(),
    "portal:catalog": PUBLIC("everyone=ok/405"),
    "portal:catalog-detail": PUBLIC("everyone=ok/405"),
    # The demo catalogue holds no form file: 404 for everyone.
    "portal:catalog-form": PUBLIC("everyone=404/405"),
    "portal:submission-drafts": MINE("citizen_b=ok"),
    "portal:submission-start": MINE("citizen_b=ok"),
    "portal:submission-agency": CITIZEN_OBJECT(pk="draft"),
    "portal:submission-applicant": CITIZEN_OBJECT(pk="draft"),
    "portal:submission-request": CITIZEN_OBJECT(pk="draft"),
    "portal:submission-documents": CITIZEN_OBJECT(pk="draft"),
    "portal:submission-review": CITIZEN_OBJECT(pk="draft"),
    "portal:submission-discard": CITIZEN_OBJECT(pk="draft"),
    "portal:my-dossiers": MINE(),
    "portal:my-dossier": CITIZEN_OBJECT("citizen_b=404/405", pk="dossier"),
    "portal:my-dossier-form": CITIZEN_OBJECT("citizen_b=404/405", pk="dossier"),
    "portal:my-dossier-document": CITIZEN_OBJECT("citizen_b=404/405", pk="dossier"),
    "portal:my-dossier-result": CITIZEN_OBJECT("citizen_b=404/405", pk="dossier", document_pk="result"),
    "portal:my-dossier-supplement": CITIZEN_OBJECT("citizen_b=405/404", pk="dossier"),
    "portal:my-dossier-stop": CITIZEN_OBJECT(pk="dossier"),
    "portal:tracking": PUBLIC(),
    "portal:my-groups": MINE(),
    "portal:my-group": CITIZEN_OBJECT("citizen_b=404/405", pk="group"),
    "portal:group-tracking": PUBLIC(),
    "portal:group-start": MINE("citizen_b=ok/422", slug="group_kind"),
    "portal:payments": MINE(),
    "portal:payment-start": CITIZEN_OBJECT("outside=404 inspector_write=404", pk="payment_dossier"),
    "portal:payment-online": CITIZEN_OBJECT(
        "citizen_b=405/404 outside=405/404 inspector_write=404", pk="payment_dossier"
    ),
    "portal:payment-transfer": CITIZEN_OBJECT(
        "citizen_b=405/404 outside=405/404 inspector_write=404", pk="payment_dossier"
    ),
    "portal:payment-detail": CITIZEN_OBJECT("outside=404 inspector_write=404"),
    "portal:payment-receipt": CITIZEN_OBJECT("outside=404 inspector_write=404"),
    # The gateway sends the payer back here with its signed answer: without one, 400.
    "portal:payment-return": PUBLIC("everyone=400/405 anonymous=login"),
    # The gateway's server-to-server notice (IPN), a GET checked by its signature.
    "portal:payment-ipn": PUBLIC("everyone=ok/405"),
    "portal:rating-form": CITIZEN_OBJECT("outside=404 inspector_write=404", pk="dossier"),
    "portal:survey-answer": PUBLIC(token="survey_token"),
    "portal:survey-thanks": PUBLIC(token="survey_token"),
    "portal:stats": PUBLIC(),
    "portal:stats-agency": PUBLIC(),
    "portal:posting-agencies": PUBLIC("everyone=ok/405"),
    "portal:posting-sheet": PUBLIC("everyone=ok/405"),
    "portal:posting-sheet-pdf": PUBLIC("everyone=ok/405"),
    "portal:posting-qr": PUBLIC("everyone=ok/405"),
    # Documents made in the background: only their requester.
    "documents:background-status": PUBLIC("everyone=404/405"),
    "documents:background-download": PUBLIC("everyone=404/405"),
    # The sandbox gateway's payment page needs a signed request: without one, 400.
    "payments-sandbox-pay": PUBLIC("everyone=400"),
    "set_language": PUBLIC(),
    # The API's documentation (its operations are in OPERATIONS).
    "api/v1/docs": PUBLIC(),
    "api/v1/openapi.json": PUBLIC(),
    "api:openapi-json": PUBLIC(),
    "api:openapi-view": PUBLIC(),
    # Ninja's root answers nothing (the documentation is at /api/docs).
    "api:api-root": PUBLIC("everyone=404"),
    # The admin site's own sign-in: a visitor is sent to the site's; an account without `is_staff` is refused.
    "admin:login": PUBLIC("everyone=403 anonymous=login"),
    "admin:logout": PUBLIC(),
}

# -- The API: bodies that pass validation, so that what answers is the check of who may act, not the schema's.

FIELD_VALUES = {
    "procedure": "procedure_code",
    "receiving_agency_id": "centre",
    "competent_agency_id": "agency",
    "agency_id": "police",
    "consultation_id": "consultation",
}
PLAIN_VALUES = {
    "specialist": "chuyenvien.hongvan",
    "name": "Nguyễn Văn Bình",
    "id_number": "001090099999",
    "minutes": 480,
    "new_due_at": "2027-01-29T10:00:00+07:00",
}
TYPE_VALUES = {"string": "Kiểm tra phân quyền", "integer": 1, "number": 1, "boolean": False, "date": "2026-11-01"}


def example(schema: dict, components: dict, victim: dict, name: str = ""):
    """A value the schema accepts, its required fields filled (a known object of Hồng Vân's where one is named)."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[-1]], components, victim, name)
    if name in FIELD_VALUES:
        return victim[FIELD_VALUES[name]]
    if name in PLAIN_VALUES:
        return PLAIN_VALUES[name]
    if "anyOf" in schema:
        return example(next(s for s in schema["anyOf"] if s.get("type") != "null"), components, victim, name)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        required = schema.get("required", [])
        return {
            key: example(sub, components, victim, key)
            for key, sub in schema.get("properties", {}).items()
            if key in required
        }
    if kind == "array":
        return [example(schema.get("items", {}), components, victim, name)]
    if schema.get("format") == "date":
        return TYPE_VALUES["date"]
    if schema.get("format") == "binary":
        return "binary"
    return TYPE_VALUES[kind]


def api_body(operation: dict, components: dict, victim: dict) -> tuple[str, dict]:
    """The content type and the body (or query) for an operation of the OpenAPI document."""
    query = {
        p["name"]: example(p["schema"], components, victim, p["name"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    content = operation.get("requestBody", {}).get("content", {})
    for content_type, media in content.items():
        return content_type, example(media["schema"], components, victim)
    return "", query


API_PARAMS = {
    "code_or_id": "dossier_code",
    "document_id": "document",
    "part_id": "part",
    "group_id": "group",
    "agency_id": "agency",
    "form": "form",
}
# Lists answer each caller with their own scope (the leak check proves Hồng Vân's dossier is not in them).
API_LIST = Entry(spec("everyone=ok anonymous=401 revoked_key=401 expired_key=401"))
# One of Hồng Vân's objects: 404 to whoever may not see it (nothing says it exists).
API_OBJECT = Entry(spec("everyone=404 anonymous=401 revoked_key=401 expired_key=401"))
# A write on one of Hồng Vân's objects: the inspector may read it but is refused the act (403), as is a read key.
API_WRITE = Entry(
    spec("everyone=404 anonymous=401 revoked_key=401 expired_key=401 inspector_write=403 read_key_writing=403"),
    API_PARAMS,
)

OPERATIONS = {
    "GET /api/v1/agencies": API_LIST,
    "GET /api/v1/units": API_LIST,
    # Filing at Hồng Vân is for Hồng Vân's receiving officers only.
    "POST /api/v1/dossiers": Entry(spec("everyone=403 anonymous=401 revoked_key=401 expired_key=401")),
    "GET /api/v1/dossiers": API_LIST,
    "GET /api/v1/dossiers/{code_or_id}": API_OBJECT,
    "POST /api/v1/dossiers/{code_or_id}/documents": API_WRITE,
    "GET /api/v1/dossiers/{code_or_id}/documents/{document_id}": API_OBJECT,
    **{
        f"POST /api/v1/dossiers/{{code_or_id}}/actions/{action}": API_WRITE
        for action in (
            "accept",
            "request_intake_supplement",
            "refuse_intake",
            "forward_online",
            "transfer",
            "assign",
            "complete_step",
            "request_consultation",
            "answer_consultation",
            "send_parts",
            "request_supplement",
            "receive_supplement",
            "refuse",
            "request_extension",
            "submit_for_signature",
            "send_back",
            "sign",
            "mark_ready",
            "return_result",
            "stop",
            "request_correction",
            "complete_correction",
            "add_documents",
            "add_result",
        )
    },
    "GET /api/v1/parts/{part_id}": API_OBJECT,
    "POST /api/v1/parts/{part_id}/actions/receive_part": API_WRITE,
    "POST /api/v1/parts/{part_id}/actions/refuse_part": API_WRITE,
    "POST /api/v1/parts/{part_id}/actions/complete_part": API_WRITE,
    "GET /api/v1/groups/{group_id}": API_OBJECT,
    "GET /api/v1/dossiers/{code_or_id}/forms/{form}": API_OBJECT,
    "GET /api/v1/agencies/{agency_id}/tracking-book": API_OBJECT,
    # Form II.06a of Hồng Vân's People's Committee: a report for officials (citizens 403) of their own agencies
    # (another commune's is not in their scope: 404).
    "GET /api/v1/reports/06a": Entry(
        spec("everyone=404 citizen_b=403 anonymous=401 revoked_key=401 expired_key=401"), {"agency": "agency"}
    ),
}
