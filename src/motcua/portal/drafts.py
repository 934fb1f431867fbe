"""Online submission drafts (soạn hồ sơ nộp trực tuyến): start from a procedure offered online, keep what the
citizen types and uploads step by step, and hand the finished draft to the lifecycle as an online submission
(motcua.dossiers.lifecycle.submit_online, Decree 118/2025 Art. 17.2).

Files are checked when they are uploaded by the same rules as the desk's (motcua.dossiers.uploads), so a refused
file never reaches the draft and the files already kept stay.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from motcua.catalog.filing import fileable_methods
from motcua.catalog.models import AgencyOffering, Channel, Procedure, ProcedureMethod, RequiredDocument
from motcua.catalog.versions import version_in_force
from motcua.dossiers import lifecycle
from motcua.dossiers.models import ApplicantKind, Dossier
from motcua.dossiers.uploads import Upload, check
from motcua.orgs.models import Agency
from motcua.portal.models import Draft, DraftFile


@dataclass(frozen=True)
class OnlineOffer:
    """Where a procedure in force can be filed online: its online method, the desks that take it online and the
    agencies that resolve it."""

    method: ProcedureMethod
    receiving: list[Agency]
    competent: list[Agency]


@dataclass(frozen=True)
class ComponentGroup:
    """The components of one group (nhóm thành phần hồ sơ) — one page of the upload step."""

    title: str
    components: list[RequiredDocument]
    # "Lưu ý" rows and headings of the published list (RequiredDocument.is_note): shown as text, nothing to upload.
    notes: list[RequiredDocument] = field(default_factory=list)


def _active(agencies: QuerySet[Agency]) -> list[Agency]:
    today = timezone.localdate()
    agencies = agencies.exclude(valid_from__gt=today).exclude(valid_until__lt=today)
    return list(agencies.distinct().order_by("name"))


def online_offer(procedure: Procedure) -> OnlineOffer | None:
    """None unless the version in force has a fileable online method and an agency takes it online."""
    version = version_in_force(procedure)
    if version is None:
        return None
    # Only a method with a structured time can be filed (catalog.filing): never one the lifecycle would refuse.
    method = fileable_methods(version.methods.filter(channel=Channel.ONLINE)).order_by("order", "pk").first()
    if method is None:
        return None
    offerings = AgencyOffering.objects.filter(procedure=procedure, active=True)
    # JSON containment is not on SQLite: the few offerings of one procedure are filtered here.
    desk_ids = [o.agency_id for o in offerings.filter(receives=True) if Channel.ONLINE in (o.channels or [])]
    receiving = _active(Agency.objects.filter(pk__in=desk_ids))
    competent = _active(Agency.objects.filter(pk__in=offerings.filter(resolves=True).values("agency")))
    if not receiving or not competent:
        return None
    return OnlineOffer(method, receiving, competent)


def drafts_of(user) -> QuerySet[Draft]:
    """A user's own drafts: nobody else ever reaches them."""
    return Draft.objects.filter(owner=user).select_related(
        "method__version__procedure", "receiving_agency", "competent_agency"
    )


def _prefill(draft: Draft, user) -> None:
    """The applicant's data from the account and its profile (hồ sơ người nộp), to be checked and corrected."""
    draft.applicant_name = user.get_full_name()
    draft.applicant_phone = user.phone
    draft.applicant_email = user.email
    profile = getattr(user, "applicant_profile", None)
    if profile is None:
        return
    draft.applicant_address = profile.address
    if profile.kind == ApplicantKind.ORGANISATION:
        draft.applicant_kind = ApplicantKind.ORGANISATION
        draft.applicant_name = profile.organisation_name
        draft.applicant_id_number = profile.tax_code
        draft.submitter_name = user.get_full_name()
    else:
        draft.applicant_id_number = profile.personal_id


def start(user, offer: OnlineOffer) -> Draft:
    """A new draft for the offer, prefilled; the only desk and the only resolving agency are chosen already."""
    draft = Draft(owner=user, method=offer.method, request_summary="")
    if len(offer.receiving) == 1:
        draft.receiving_agency = offer.receiving[0]
    if len(offer.competent) == 1:
        draft.competent_agency = offer.competent[0]
    _prefill(draft, user)
    draft.save()
    return draft


def save_agencies(draft: Draft, offer: OnlineOffer, receiving_id: int, competent_id: int) -> None:
    receiving = next((a for a in offer.receiving if a.pk == receiving_id), None)
    competent = next((a for a in offer.competent if a.pk == competent_id), None)
    errors = {}
    if receiving is None:
        errors["receiving_agency"] = gettext("Hãy chọn một nơi nộp hồ sơ trong danh sách.")
    if competent is None:
        errors["competent_agency"] = gettext("Hãy chọn một cơ quan giải quyết trong danh sách.")
    if errors:
        raise ValidationError(errors)
    draft.receiving_agency, draft.competent_agency = receiving, competent
    draft.save(update_fields=["receiving_agency", "competent_agency", "updated_at"])


APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "submitter_name",
)
REQUEST_FIELDS = ("request_summary", "return_method")


def save_fields(draft: Draft, data: dict, names: tuple[str, ...]) -> None:
    """Keep the named fields of a checked step form."""
    for name in names:
        setattr(draft, name, data[name])
    draft.save(update_fields=[*names, "updated_at"])


def component_groups(draft: Draft) -> list[ComponentGroup]:
    """The version's components grouped as the catalog publishes them, in order; one page each."""
    groups: list[ComponentGroup] = []
    for component in draft.method.version.documents.all():
        title = component.group.strip()
        if not (groups and groups[-1].title == title):
            groups.append(ComponentGroup(title, []))
        (groups[-1].notes if component.is_note else groups[-1].components).append(component)
    # A group of notes alone would be a page with nothing to upload: its notes join the next page that has files
    # (the previous one at the end).
    with_files = [index for index, group in enumerate(groups) if group.components] or [0][: len(groups)]
    for index, group in enumerate(groups):
        if index not in with_files:
            later = [page for page in with_files if page > index]
            groups[later[0] if later else with_files[-1]].notes.extend(group.notes)
    return [groups[index] for index in with_files]


def attach(draft: Draft, requirement: RequiredDocument, uploaded) -> DraftFile:
    """Check the file (type by content, size) and keep it for the component, replacing an earlier one."""
    if requirement.version_id != draft.method.version_id:
        raise ValidationError(gettext("Thành phần hồ sơ đã chọn không thuộc thủ tục của hồ sơ này."))
    checked = check(Upload(uploaded, requirement.pk))
    with transaction.atomic():
        previous = list(draft.files.filter(requirement=requirement))
        for old in previous:
            old.delete()
        kept = DraftFile(
            draft=draft,
            requirement=requirement,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
        )
        kept.file.save(checked.name, uploaded, save=False)
        kept.save()
        draft.save(update_fields=["updated_at"])
    for old in previous:
        transaction.on_commit(lambda name=old.file.name, storage=old.file.storage: storage.delete(name))
    return kept


def _delete_files(files: list[DraftFile]) -> None:
    for kept in files:
        transaction.on_commit(lambda name=kept.file.name, storage=kept.file.storage: storage.delete(name))


def detach(draft: Draft, file_id: int) -> None:
    files = list(draft.files.filter(pk=file_id))
    if not files:
        raise ValidationError(gettext("Tệp này không còn trong hồ sơ nháp."))
    files[0].delete()
    _delete_files(files)


def missing_components(draft: Draft) -> list[RequiredDocument]:
    """The required components with no file yet: the desk may ask for them (Mẫu 02) when it checks the dossier."""
    uploaded = set(draft.files.values_list("requirement_id", flat=True))
    return [c for c in draft.method.version.documents.all() if c.required and c.pk not in uploaded]


def _intake(draft: Draft, files: list[DraftFile]) -> lifecycle.Intake:
    if draft.receiving_agency is None or draft.competent_agency is None:
        raise ValidationError({"receiving_agency": gettext("Hãy chọn nơi nộp và cơ quan giải quyết.")})
    documents = tuple(
        Upload(File(kept.file.open("rb"), name=kept.name), requirement_id=kept.requirement_id) for kept in files
    )
    return lifecycle.Intake(
        method=draft.method,
        receiving_agency=draft.receiving_agency,
        competent_agency=draft.competent_agency,
        applicant=lifecycle.Applicant(
            kind=draft.applicant_kind,
            name=draft.applicant_name,
            id_number=draft.applicant_id_number.strip(),
            phone=draft.applicant_phone,
            email=draft.applicant_email,
            address=draft.applicant_address,
            submitter_name=draft.submitter_name,
            user=draft.owner,
        ),
        request_summary=draft.request_summary,
        return_method=draft.return_method,
        documents=documents,
        presented=tuple(kept.requirement_id for kept in files),
    )


def submit(draft: Draft) -> Dossier:
    """Submit the draft online: the dossier waits for the desk's check (8 working hours); the draft is gone."""
    files = list(draft.files.all())
    if not files:
        raise ValidationError({"files": gettext("Hãy tải lên ít nhất một giấy tờ của hồ sơ trước khi nộp.")})
    intake = _intake(draft, files)
    try:
        with transaction.atomic():
            dossier = lifecycle.submit_online(draft.owner, intake)
            discard(draft)
    finally:
        for upload in intake.documents:
            upload.file.close()
    return dossier


def discard(draft: Draft) -> None:
    """Delete the draft and, once that is committed, its files."""
    files = list(draft.files.all())
    draft.delete()
    _delete_files(files)
