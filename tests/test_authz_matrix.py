"""The authorisation matrix (ma trận phân quyền; issue 16, "Done when"): every named page of the URL configuration and
every operation of the OpenAPI document, requested by every actor who must not get at xã Hồng Vân's data, answers as
tests/authz_matrix.py says.

The actors: a visitor; citizen B on citizen A's dossier; each staff role of another commune (xã Thường Tín: receiving
officer, specialist, leader, agency admin) on Hồng Vân's objects; an inspector (read-only by law, Decree 118/2025
Art. 5: inspection reads, it does not act) trying to write; and, on the API, a revoked key, an expired key and a
read-scope key that writes (motcua.accounts.tokens). Path parameters are filled with Hồng Vân's objects from
`motcua demo` (made once for the module, rolled back at its end: tests/test_crawl_roles.py's fixture). Each request
runs in a savepoint rolled back after it, so an empty POST that an actor may make changes nothing for the next one.

A response an outsider may get ("ok") must not carry the victim dossier's code or the applicant's identity number:
an allowed page that shows another commune's dossier is a leak, whatever its status.
"""

import dataclasses
import datetime
import functools
import re
import time
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

import authz_matrix as matrix
from crawl import LOGIN_PATH
from journeys import pdf
from motcua.accounts import tokens
from motcua.accounts.models import ApiToken, Role, RoleAssignment, User
from motcua.api.v1 import api
from test_crawl_roles import demo_site  # noqa: F401 - the module's demo data, shared with the crawler's test

ADMIN_LOGIN_PATH = "/quan-tri/login/"
PATH_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<re_name>[^>]+)>[^)]*\)")
OUTSIDE_USERNAMES = {
    matrix.RECEIVING: ("tiepnhan.thuongtin", Role.RECEIVING_OFFICER, "Trung tâm Phục vụ hành chính công xã Thường Tín"),
    matrix.SPECIALIST: ("chuyenvien.thuongtin", Role.SPECIALIST, "Ủy ban nhân dân xã Thường Tín"),
    matrix.LEADER: ("lanhdao.thuongtin", Role.LEADER, "Ủy ban nhân dân xã Thường Tín"),
    matrix.AGENCY_ADMIN: ("quantri.thuongtin", Role.AGENCY_ADMIN, "Ủy ban nhân dân xã Thường Tín"),
}


# -- What the URL configuration and the OpenAPI document offer.


@dataclasses.dataclass(frozen=True)
class Page:
    name: str  # namespace:name, or the route itself for an unnamed pattern
    route: str  # the full route, e.g. "can-bo/ho-so/<int:pk>/"


def pages() -> list[Page]:
    """Every pattern of the URL configuration, its resolvers walked (the API's own patterns excepted: the OpenAPI
    document lists those, and the matrix requests them as operations)."""

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
                yield Page(name, route)

    return [
        page
        for page in walk(get_resolver(), "", "")
        if not (page.name.startswith("api:") and page.route.startswith("api/v1/"))
    ]


@dataclasses.dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as the OpenAPI document writes it: /api/v1/dossiers/{code_or_id}

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def operations() -> list[Operation]:
    schema = api.get_openapi_schema()
    return [Operation(method.upper(), path) for path, item in schema["paths"].items() for method in item]


def route_parameters(route: str) -> list[str]:
    return [match["name"] or match["re_name"] for match in PATH_PARAMETER.finditer(route)]


def fill(route: str, values: dict[str, str]) -> str:
    """The URL of a route (path() or re_path() syntax) with its parameters replaced."""

    def value(match):
        return str(values[match["name"] or match["re_name"]])

    url = PATH_PARAMETER.sub(value, route)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".")


# -- The actors and the victim's objects.


@pytest.fixture(scope="module")
def world(demo_site, django_db_blocker):  # noqa: F811 - the imported fixture
    """The outside staff, citizen B, the keys, and Hồng Vân's objects each path parameter names."""
    from motcua.orgs.models import Agency

    with django_db_blocker.unblock():
        users = {}
        for actor, (username, role, agency_name) in OUTSIDE_USERNAMES.items():
            user = User.objects.create_user(username=username, password=None, account_type=User.AccountType.STAFF)
            RoleAssignment.objects.create(user=user, role=role, agency=Agency.objects.get(name=agency_name))
            users[actor] = user
        users[matrix.CITIZEN_B] = User.objects.create_user(
            username="congdan.b", password=None, account_type=User.AccountType.CITIZEN
        )
        users[matrix.INSPECTOR] = User.objects.get(username="thanhtra.hanoi")
        keys = {
            actor: tokens.create(user, "matrix")[1] for actor, user in users.items() if actor in matrix.STAFF_ACTORS
        }
        # The three bad keys belong to Hồng Vân's own leader: what refuses them is the key, not the caller's scope.
        owner = User.objects.get(username="lanhdao.hongvan")
        revoked, keys[matrix.REVOKED] = tokens.create(owner, "revoked")
        tokens.revoke(ApiToken.objects.filter(pk=revoked.pk))
        expired, keys[matrix.EXPIRED] = tokens.create(owner, "expired")
        ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        _read, keys[matrix.READ_SCOPE] = tokens.create(owner, "read", scope=ApiToken.Scope.READ)
        add_what_the_demo_lacks()
        victim = matrix.victim_objects()
    return {"users": users, "keys": keys, "victim": victim}


def add_what_the_demo_lacks():
    """`motcua demo` has no files on its dossiers, no agency calendar, no posting, no task evidence and no part: the
    matrix needs one of each at Hồng Vân (rows made here, files in the fixture's MEDIA_ROOT)."""
    from django.core.files.base import ContentFile

    from motcua.catalog.models import AgencyOffering, Posting
    from motcua.dossiers import interagency, lifecycle
    from motcua.dossiers.models import Dossier, DossierDocument
    from motcua.orgs.models import Agency
    from motcua.reform.models import PlanTask, TaskUpdate, TaskUpdateFile
    from motcua.workcal.models import CalendarOverride, WorkCalendar

    now = timezone.now()
    officer = User.objects.get(username="tiepnhan.hongvan")
    ubnd = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    dossier = matrix.victim_dossier()
    for stage in (DossierDocument.Stage.INTAKE, DossierDocument.Stage.RESULT):
        document = DossierDocument(
            dossier=dossier,
            stage=stage,
            name=f"{stage}.pdf",
            content_type="application/pdf",
            size=8,
            uploaded_by=officer,
            uploaded_at=now,
        )
        document.file.save(f"{stage}.pdf", ContentFile(b"%PDF-1.4"), save=True)
    calendar = WorkCalendar.objects.create(name="Lịch của UBND xã Hồng Vân", agency=ubnd)
    CalendarOverride.objects.create(
        calendar=calendar, date=datetime.date(2026, 12, 31), kind=CalendarOverride.Kind.choices[0][0], reason="Nghỉ"
    )
    offering = AgencyOffering.objects.filter(agency=ubnd).order_by("pk").first()
    Posting.objects.create(
        version=offering.procedure.versions.filter(status="published").first(),
        agency=ubnd,
        location="Bộ phận Một cửa",
        posted_on=datetime.date(2026, 1, 5),
    )
    task = PlanTask.objects.filter(plan__agency=ubnd).order_by("pk").first()
    update = TaskUpdate.objects.create(
        task=task, reported_at=now, reported_by=officer, status=task.status, progress=50, note="Đã làm một nửa."
    )
    evidence = TaskUpdateFile(
        update=update,
        name="minh-chung.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=officer,
        uploaded_at=now,
    )
    evidence.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.4"), save=True)
    processing = Dossier.objects.filter(competent_agency=ubnd, state="processing", assignee__isnull=False).first()
    lifecycle.send_parts(
        processing.assignee,
        processing,
        parts=[interagency.PartRequest(Agency.objects.get(name="Công an xã Hồng Vân"), "Xác minh cư trú", 8 * 60)],
    )


def outcome(response) -> str:
    """What a response amounts to: a status, "login" (sent to a login page) or "ok" (any other answer below 400)."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = response.headers.get("Location", "").split("?")[0]
        if target.endswith((LOGIN_PATH, ADMIN_LOGIN_PATH)):
            return matrix.LOGIN
        return matrix.OK
    if status < 400:
        return matrix.OK
    return str(status)


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def leaks(response, victim) -> list[str]:
    content = body(response)
    return [marker for marker in victim["markers"] if marker.encode() in content]


@functools.cache
def real_pdf() -> bytes:
    """A complete PDF (the result upload checks its structure before anything else)."""
    return pdf("Giấy tờ kiểm tra phân quyền")


def with_files(data: dict) -> dict:
    """A multipart body: each binary field (or list of them) becomes a PDF upload, made anew per request."""

    def upload():
        return SimpleUploadedFile("giay-to.pdf", real_pdf(), content_type="application/pdf")

    return {
        key: upload() if value == "binary" else [upload()] if value == ["binary"] else value
        for key, value in data.items()
    }


def request(client, method, url, **extra):
    """One request in a savepoint rolled back after it: whatever an allowed empty POST changes is undone."""
    with transaction.atomic():
        response = getattr(client, method.lower())(url, **extra)
        body(response)
        transaction.set_rollback(True)
    return response


# -- The table covers what exists.


def test_every_page_has_an_entry():
    missing = [page.name for page in pages() if matrix.page_entry(page.name) is None]
    assert not missing, "URL patterns without an entry in tests/authz_matrix.py (PAGES): " + ", ".join(missing)


def test_every_api_operation_has_an_entry():
    missing = [op.name for op in operations() if op.name not in matrix.OPERATIONS]
    assert not missing, "API operations without an entry in tests/authz_matrix.py (OPERATIONS): " + ", ".join(missing)


def test_the_table_names_nothing_that_does_not_exist():
    names = {page.name for page in pages()}
    stale = [name for name in matrix.PAGES if name not in names]
    operation_names = {op.name for op in operations()}
    stale += [name for name in matrix.OPERATIONS if name not in operation_names]
    assert not stale, "Entries of tests/authz_matrix.py for URLs that no longer exist: " + ", ".join(stale)


# -- Every page × actor, every operation × actor.


def test_every_page_answers_each_actor_as_the_table_says(world, db):
    victim = world["victim"]
    clients = {actor: Client() for actor in matrix.PAGE_ACTORS}
    wrong, slow = [], []
    for page in pages():
        entry = matrix.page_entry(page.name)
        if entry is None:
            continue  # test_every_page_has_an_entry names it
        try:
            url = fill(page.route, {name: victim[entry.params[name]] for name in route_parameters(page.route)})
        except KeyError as missing:
            wrong.append(f"{page.name}: no value for parameter {missing} (PAGES entry's params)")
            continue
        for actor, method in matrix.page_requests():
            client = clients[actor]
            user = world["users"].get(actor)
            if user is not None:
                client.force_login(user)  # again: an empty POST to the logout page ends the session
            began = time.perf_counter()
            response = request(client, method, url)
            slow.append((time.perf_counter() - began, f"{method} {url} as {actor}"))
            got, expected = outcome(response), entry.expect(actor, method)
            if got not in expected:
                wrong.append(f"{page.name} {url} {method} as {actor}: got {got}, the table says {'/'.join(expected)}")
            elif got == matrix.OK and actor not in matrix.MAY_READ_VICTIM and (found := leaks(response, victim)):
                wrong.append(f"{page.name} {url} {method} as {actor}: shows Hồng Vân's {', '.join(found)}")
    slow.sort(reverse=True)
    print("slowest: " + ", ".join(f"{what} {seconds:.2f} s" for seconds, what in slow[:8]))
    assert not wrong, "\n".join(wrong)


def test_every_api_operation_answers_each_actor_as_the_table_says(world, db):
    victim = world["victim"]
    wrong = []
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    citizen = Client()
    citizen.force_login(world["users"][matrix.CITIZEN_B])
    for op in operations():
        entry = matrix.OPERATIONS.get(op.name)
        if entry is None:
            continue  # test_every_api_operation_has_an_entry names it
        url, params = op.path, matrix.API_PARAMS | entry.params
        in_path = re.findall(r"{([^}]+)}", op.path)
        for name in in_path:
            url = url.replace("{" + name + "}", str(victim[params[name]]))
        content_type, data = matrix.api_body(schema["paths"][op.path][op.method.lower()], components, victim)
        # The entry's other parameters go in the query: the object the operation is asked about.
        query = {name: victim[kind] for name, kind in entry.params.items() if name not in in_path}
        if op.method == "GET":
            data |= query
        elif query:
            url += "?" + urlencode(query)
        for actor in matrix.api_actors(op.method):
            if actor == matrix.CITIZEN_B:
                client, headers = citizen, {}
            else:
                client = Client()
                key = world["keys"].get(actor)
                headers = {"Authorization": f"Bearer {key}"} if key else {}
            if op.method == "GET":
                response = request(client, "GET", url, query_params=data, headers=headers)
            elif content_type == "multipart/form-data":
                response = request(client, op.method, url, data=with_files(data), headers=headers)
            else:
                response = request(client, op.method, url, data=data, headers=headers, content_type=content_type)
            got, expected = outcome(response), entry.expect(actor, op.method)
            if got not in expected:
                detail = response.content[:200].decode(errors="replace")
                wrong.append(f"{op.name} as {actor}: got {got}, the table says {'/'.join(expected)} ({detail})")
            elif got == matrix.OK and (found := leaks(response, victim)):
                wrong.append(f"{op.name} as {actor}: shows Hồng Vân's {', '.join(found)}")
    assert not wrong, "\n".join(wrong)
