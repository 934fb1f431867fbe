"""Writes that can be retried (issue 16 item 9): an API write sent with an `Idempotency-Key` is done once.

After a database restart a dossier was saved while the client got a 500, and its retry saved a second one. With the
key, the answer is saved in the write's own transaction (motcua.core.idempotency): a retry gets the first answer back
without doing the work again, the same key with another request is refused (422), a 5xx leaves neither the write nor
the key, and concurrent retries do the work once."""

import datetime
import io
import threading

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from motcua.accounts import tokens
from motcua.accounts.models import User
from motcua.api import idempotency as api_idempotency
from motcua.core import idempotency, periodic
from motcua.core.models import IdempotencyRecord
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.orgs.models import Agency

API = "/api/v1"
DESK = "tiepnhan.hongvan"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def key_client(username: str = DESK) -> Client:
    _, key = tokens.create(User.objects.get(username=username), "kiểm thử")
    return Client(headers={"Authorization": f"Bearer {key}"}, raise_request_exception=False)


def intake_body(name: str = "Nguyễn Văn An") -> dict:
    return {
        "procedure": "1.002211",
        "channel": "direct",
        "receiving_agency_id": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân").pk,
        "competent_agency_id": Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân").pk,
        "applicant": {"kind": "person", "name": name, "id_number": "001090012345", "phone": "0912345678"},
        "request_summary": "Cấp bản sao trích lục hộ tịch",
        "decision": "accept",
    }


def intake(client: Client, body: dict, key: str | None = "intake-0001"):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(f"{API}/dossiers", body, content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_saves_nothing_more(demo):
    client, body = key_client(), intake_body()
    first = intake(client, body)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    retry = intake(client, body)
    assert retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert Dossier.objects.count() == 1
    # Another key is another write.
    assert intake(client, body, key="intake-0002").json()["code"] != first.json()["code"]
    assert Dossier.objects.count() == 2


def test_without_the_header_every_post_is_a_new_write(demo):
    client, body = key_client(), intake_body()
    assert intake(client, body, key=None).status_code == 201
    assert intake(client, body, key=None).status_code == 201
    assert Dossier.objects.count() == 2
    assert not IdempotencyRecord.objects.exists()


def test_the_same_key_with_another_request_is_a_422_in_vietnamese(demo):
    client = key_client()
    assert intake(client, intake_body("Nguyễn Văn An")).status_code == 201
    reused = intake(client, intake_body("Trần Thị Bình"))
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert "đã được dùng cho một yêu cầu khác" in reused.json()["detail"]
    assert reused.json()["errors"] == {"Idempotency-Key": [reused.json()["detail"]]}
    assert Dossier.objects.count() == 1


def test_keys_belong_to_their_caller(demo):
    body = intake_body()
    mine = intake(key_client(DESK), body)
    # The same key from another key holder is that caller's own first request, not a replay of mine.
    theirs = intake(key_client(DESK), body)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert theirs.json()["code"] != mine.json()["code"]
    assert not any("mc_" in caller for caller in IdempotencyRecord.objects.values_list("caller", flat=True))


def test_a_refusal_is_replayed_too(demo):
    client, body = key_client(), {**intake_body(), "procedure": "9.999999"}
    refused = intake(client, body)
    assert refused.status_code == 422
    again = intake(client, body)
    assert (again.status_code, again.json(), again["Idempotent-Replayed"]) == (422, refused.json(), "true")


def test_a_caller_refused_for_its_credentials_may_retry_the_same_key(demo):
    """A session call without its CSRF token is refused (403) before anything is done: the refusal is not kept, and
    the same request with the same key, the token put right, does the work."""
    session = Client(enforce_csrf_checks=True)
    session.force_login(User.objects.get(username=DESK))
    body = intake_body()
    refused = intake(session, body)
    assert refused.status_code == 403
    assert not IdempotencyRecord.objects.exists()
    token = "a" * 32
    session.cookies["csrftoken"] = token
    done = session.post(
        f"{API}/dossiers",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "intake-0001", "X-CSRFToken": token},
    )
    assert done.status_code == 201 and "Idempotent-Replayed" not in done
    assert Dossier.objects.count() == 1


def test_a_server_error_keeps_neither_the_write_nor_the_key(demo, monkeypatch):
    """The client told "500" must be able to retry: the dossier saved before the failure is rolled back with the
    key, and the retry does the work once."""
    client, body = key_client(), intake_body()

    def lost_answer(*args, **kwargs):
        raise RuntimeError("the connection dropped after the write")

    with monkeypatch.context() as patch:
        patch.setattr("motcua.api.dossiers.present.detail", lost_answer)
        assert intake(client, body).status_code == 500
    assert not Dossier.objects.exists()
    assert not IdempotencyRecord.objects.exists()
    retry = intake(client, body)
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry
    assert Dossier.objects.count() == 1


def test_an_upload_retried_with_its_key_adds_the_file_once(demo):
    client = key_client()
    code = intake(client, intake_body()).json()["code"]

    def upload():
        file = io.BytesIO(PDF)
        file.name = "don.pdf"
        return client.post(f"{API}/dossiers/{code}/documents", {"files": [file]}, headers={"Idempotency-Key": "up-1"})

    first, retry = upload(), upload()
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry["Idempotent-Replayed"] == "true"
    assert DossierDocument.objects.filter(dossier__code=code).count() == 1


def test_a_multipart_request_is_recognised_whatever_its_boundary():
    """A client picks a new boundary each time it sends a form: the fingerprint reads the fields and files."""
    factory = RequestFactory()

    def form(boundary: str, content: bytes):
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="stage"\r\n\r\nintake\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n'
                f"Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return factory.generic(
            "POST", "/api/v1/dossiers/1/documents", body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    one = api_idempotency._request_hash(form("aaaa", PDF))
    assert one == api_idempotency._request_hash(form("bbbbbbbb", PDF))
    assert one != api_idempotency._request_hash(form("aaaa", PDF + b"x"))


@pytest.mark.parametrize("key", ["", "có dấu", "x" * 256, "a b"])
def test_a_malformed_key_is_refused(demo, key):
    response = intake(key_client(), intake_body(), key=key)
    assert response.status_code == 422
    assert "1 đến 255 ký tự ASCII" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_keys_expire_and_a_periodic_job_purges_them(demo, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 24
    client, body = key_client(), intake_body()
    before = timezone.now()
    intake(client, body)
    record = IdempotencyRecord.objects.get()
    assert before + datetime.timedelta(hours=24) <= record.expires_at <= timezone.now() + datetime.timedelta(hours=24)
    assert idempotency.purge_expired() == 0
    # Past its lifetime the key is unused again: the same request is a new write.
    IdempotencyRecord.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    again = intake(client, body)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Dossier.objects.count() == 2
    IdempotencyRecord.objects.update(expires_at=timezone.now())
    job = {job.name: job for job in periodic.jobs()}["purge_idempotency_keys"]
    assert job.task.call() == 1
    assert not IdempotencyRecord.objects.exists()


def test_the_openapi_document_lists_the_header_on_writes_only(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            expected = 1 if method in {"post", "put", "patch", "delete"} else 0
            assert headers.count("Idempotency-Key") == expected, (method, path)


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_do_the_work_once(demo):
    """Eight copies of one request with one key sent at once: one does the work, the others wait for it to end and
    get its answer."""
    client, body = key_client(), intake_body()
    barrier = threading.Barrier(8)
    outcomes: list = [None] * 8

    def send(index):
        try:
            barrier.wait()
            outcomes[index] = intake(client, body)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [response.status_code for response in outcomes] == [201] * 8
    assert len({response.content for response in outcomes}) == 1
    assert sum("Idempotent-Replayed" not in response for response in outcomes) == 1
    assert Dossier.objects.count() == 1
