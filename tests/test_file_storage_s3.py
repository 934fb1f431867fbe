"""Uploaded files in an S3-compatible object store (issue 18 item 1): MOTCUA_FILE_STORAGE=s3 against a real S3
protocol peer over HTTP on this machine (tests/s3_peer.py). A file taken in at the desk lands in the private bucket,
comes back only through the permission-checked view, is refused to a stranger and to an anonymous reader of the
bucket, follows its transaction, and is seen by the orphan check."""

import datetime
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import s3_peer
from motcua import settings as project_settings
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import ProcedureMethod
from motcua.core import orphan_files
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.orgs.models import Agency

boto3 = pytest.importorskip("boto3", reason="the `s3` extra (django-storages, boto3) is not installed")
pytest.importorskip("moto.server", reason="the local S3 peer needs PyPI's moto[server]")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def endpoint():
    with s3_peer.running() as url:
        yield url


@pytest.fixture
def bucket(endpoint, settings, monkeypatch, tmp_path):
    """A fresh private bucket, and the site's default storage configured for it from MOTCUA_* variables."""
    name = f"motcua-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=s3_peer.ACCESS_KEY,
        aws_secret_access_key=s3_peer.SECRET_KEY,
        region_name=s3_peer.REGION,
    )
    client.create_bucket(Bucket=name)
    for variable, value in {
        "MOTCUA_FILE_STORAGE": "s3",
        "MOTCUA_S3_BUCKET": name,
        "MOTCUA_S3_ENDPOINT_URL": endpoint,
        "MOTCUA_S3_REGION": s3_peer.REGION,
        "MOTCUA_S3_ACCESS_KEY_ID": s3_peer.ACCESS_KEY,
        "MOTCUA_S3_SECRET_ACCESS_KEY": s3_peer.SECRET_KEY,
        "MOTCUA_S3_PREFIX": "tep",
        "MOTCUA_S3_SIGNED_URL_SECONDS": "120",
    }.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": project_settings.file_storage()}
    # A file that reached the local disk instead would show up here.
    settings.MEDIA_ROOT = tmp_path / "media"
    return {"name": name, "client": client, "endpoint": endpoint, "media": settings.MEDIA_ROOT}


def keys(bucket) -> list[str]:
    listed = bucket["client"].list_objects_v2(Bucket=bucket["name"])
    return sorted(item["Key"] for item in listed.get("Contents", []))


def status_of(url: str) -> int:
    """The HTTP status an anonymous client (no credentials, no signature) gets for `url`."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def take_in_with_a_file(client) -> tuple[Dossier, DossierDocument]:
    """The desk's intake form, with one scanned PDF, through the real HTTP stack."""
    method = ProcedureMethod.objects.select_related("version__procedure").get(
        version__procedure__code="1.002211", version__status="published", channel="direct"
    )
    requirements = list(method.version.documents.all())
    data = {
        "method": str(method.pk),
        "competent_agency": str(Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân").pk),
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001090012345",
        "applicant_phone": "0912345678",
        "applicant_address": "Thôn Vân Tảo, xã Hồng Vân",
        "request_summary": "Công nhận hòa giải viên",
        "copies": "1",
        "return_method": "desk",
        "decision": "accept",
        f"doc_{requirements[0].pk}_file": SimpleUploadedFile("bien ban.pdf", PDF, content_type="application/pdf"),
    }
    for requirement in requirements:
        data[f"doc_{requirement.pk}_present"] = "on"
    url = reverse("desk:dossier_intake") + f"?thu-tuc={method.version.procedure.pk}"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    return dossier, dossier.documents.get()


def test_settings_refuse_an_unknown_storage_or_a_missing_bucket(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("MOTCUA_FILE_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_FILE_STORAGE"):
        project_settings.file_storage()
    monkeypatch.setenv("MOTCUA_FILE_STORAGE", "s3")
    monkeypatch.delenv("MOTCUA_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_S3_BUCKET"):
        project_settings.file_storage()


def test_a_desk_upload_lands_in_the_private_bucket_and_comes_back_only_through_the_view(bucket, login_as):
    dossier, document = take_in_with_a_file(login_as("tiepnhan.hongvan"))

    # In the bucket, under the configured prefix, and not on the local disk.
    assert keys(bucket) == [f"tep/{document.file.name}"]
    assert not bucket["media"].exists() or not any(bucket["media"].rglob("*.pdf"))

    download = login_as("tiepnhan.hongvan").get(reverse("desk:dossier_document", args=[dossier.pk, document.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF

    # A specialist of another commune does not even learn that the file exists.
    stranger = User.objects.create(username="cv.thuongtin", full_name="Ngô Văn Bảy", account_type="staff")
    RoleAssignment.objects.create(
        user=stranger, role=Role.SPECIALIST, agency=Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    )
    refused = login_as("cv.thuongtin").get(reverse("desk:dossier_document", args=[dossier.pk, document.pk]))
    assert refused.status_code == 404

    # The object itself is not readable without a signature: the bucket is private.
    object_url = f"{bucket['endpoint']}/{bucket['name']}/tep/{document.file.name}"
    assert status_of(object_url) == 403
    grants = bucket["client"].get_object_acl(Bucket=bucket["name"], Key=f"tep/{document.file.name}")["Grants"]
    assert not [grant for grant in grants if "URI" in grant["Grantee"]]  # no AllUsers / AuthenticatedUsers

    # A signed address is short-lived (MOTCUA_S3_SIGNED_URL_SECONDS) and does open the file.
    signed = document.file.url
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=120" in signed
    assert status_of(signed) == 200


def test_two_uploads_with_the_same_name_are_both_kept(bucket):
    first = default_storage.save("dossiers/1/don.pdf", ContentFile(PDF))
    second = default_storage.save("dossiers/1/don.pdf", ContentFile(PDF + b"%"))
    assert first != second and keys(bucket) == sorted(f"tep/{name}" for name in (first, second))


@pytest.mark.django_db
def test_an_object_written_by_a_rolled_back_transaction_is_deleted(bucket):
    kept = default_storage.save("kept.pdf", ContentFile(PDF))
    with pytest.raises(RuntimeError), transaction.atomic():
        default_storage.save("rolled-back.pdf", ContentFile(PDF))
        raise RuntimeError
    assert keys(bucket) == [f"tep/{kept}"]


@pytest.mark.django_db
def test_the_orphan_check_lists_a_stray_object(bucket):
    stray = default_storage.save("dossiers/9/lac.pdf", ContentFile(PDF))
    later = timezone.now() + orphan_files.GRACE + datetime.timedelta(minutes=1)
    assert orphan_files.find(default_storage, now=later).files_without_row == [stray]
    assert orphan_files.find(default_storage).files_without_row == []  # too young to judge
