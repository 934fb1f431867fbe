"""The data subject's side (quyền của chủ thể dữ liệu cá nhân, Law 91/2025/QH15 Art. 4 and 9): the processing notice
agreed to at sign-up, a copy of one's data as a file, and the request that one's account be deleted.

Deleting an account anonymises it: the name, addresses, profile and keys go, the login is closed, the row stays so
that the dossiers filed through it keep their owner. The dossiers themselves, with the applicant's data typed on
them, are public records kept as the archive rules require (docs/security.md, "Retention") and are not deleted on
request; the answer to the applicant says so.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from motcua.accounts.models import ApiToken, ApplicantProfile, DeletionRequest, PersonalDataConsent, User
from motcua.core.audit import record
from motcua.core.models import AuditEntry

# The version of the processing notice (templates/accounts/_processing_notice.html); a new text is a new version.
NOTICE_VERSION = "2026-01"


def record_consent(user: User, *, version: str = NOTICE_VERSION, at=None) -> PersonalDataConsent:
    return PersonalDataConsent.objects.create(user=user, notice_version=version, given_at=at or timezone.now())


def export(user: User) -> dict:
    """Everything the site keeps about `user` as the subject, as JSON-ready data: the account, the profile, the
    consents and requests, and the sections other apps add (settings.PERSONAL_DATA_EXPORT_SECTIONS: the dossiers
    live above this app, so they are named by path)."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    data = {
        "account": {
            "username": user.username,
            "full_name": user.full_name,
            "account_type": user.account_type,
            "email": user.email,
            "phone": user.phone,
            "date_joined": user.date_joined,
        },
        "profile": None
        if profile is None
        else {
            "kind": profile.kind,
            "personal_id": profile.personal_id,
            "organisation_name": profile.organisation_name,
            "tax_code": profile.tax_code,
            "date_of_birth": profile.date_of_birth,
            "address": profile.address,
            "residence_unit": str(profile.residence_unit) if profile.residence_unit_id else "",
        },
        "consents": [
            {"notice_version": c.notice_version, "given_at": c.given_at} for c in user.consents.order_by("given_at")
        ],
        "deletion_requests": [
            {"requested_at": r.requested_at, "done_at": r.done_at}
            for r in user.deletion_requests.order_by("requested_at")
        ],
    }
    for name, path in settings.PERSONAL_DATA_EXPORT_SECTIONS.items():
        data[name] = import_string(path)(user)
    return data


def export_json(user: User) -> bytes:
    record(AuditEntry.Action.PERSONAL_READ, user, object_label=str(user.pk), changes={"export": "json"})
    return json.dumps(export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def request_deletion(user: User, *, at=None) -> DeletionRequest:
    """Record the request (one open request per account: asking again returns it)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        open_request = user.deletion_requests.filter(done_at__isnull=True).first()
        if open_request is not None:
            return open_request
        return DeletionRequest.objects.create(user=user, requested_at=at or timezone.now())


def anonymise(deletion: DeletionRequest, staff: User, *, at=None) -> User:
    """Carry out the request: the account keeps its row (the dossiers' owner) and nothing that names the person.

    The user row is changed with one UPDATE rather than save(), and the profile deleted without signals: the audit
    log records a save's or a delete's old values, and must not become the place where the name and numbers
    survive. One entry says what was done instead."""
    at = at or timezone.now()
    user = deletion.user
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            username=f"da-xoa-{user.pk}",
            full_name="",
            email="",
            phone="",
            email_verified_at=None,
            phone_verified_at=None,
            is_active=False,
            password="!",  # unusable: no password checks against it
        )
        ApiToken.objects.filter(user=user).delete()
        # Without the delete signal, for the same reason as the UPDATE above (the profile holds the CCCD number).
        profiles = ApplicantProfile.objects.filter(user=user)
        profiles._raw_delete(profiles.db)
        DeletionRequest.objects.filter(pk=deletion.pk).update(done_at=at, done_by=staff)
        record(
            AuditEntry.Action.UPDATE,
            user,
            object_label=f"#{user.pk}",
            changes={"anonymised": [None, at.isoformat()]},
            actor=staff,
        )
    user.refresh_from_db()
    return user
