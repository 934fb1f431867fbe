"""The posting sheet (bản niêm yết) of an agency: the procedures it handles, with key details and QR codes.

Decree 63/2010 Arts 16–17 require procedures to be posted at the office that resolves them; ND 118 Art. 8.1.a asks
the one-stop desk to publish the list and content of what it handles. One sheet lists the agency's active
offerings whose procedure has a version in force, grouped by field, each with where to file, the processing time
per channel, the fees and a QR code to the full public page.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from motcua.catalog.models import AgencyOffering, Channel, ProcedureVersion
from motcua.catalog.search import in_force
from motcua.documents.qr import FIXED_MASK, qr_svg
from motcua.orgs.models import Agency


@dataclass(frozen=True)
class FilingPlace:
    """Where a citizen files (nơi tiếp nhận) and through which channels."""

    agency: Agency
    channels: list[str]


@dataclass(frozen=True)
class PostingEntry:
    number: int
    version: ProcedureVersion
    places: list[FilingPlace]
    # The fee wording of the methods as published, for versions without structured fee items.
    fee_notes: list[str]
    page_url: str
    # None when the sheet was built without its codes (the print view).
    qr: SafeString | None


@dataclass(frozen=True)
class PostingSheet:
    agency: Agency
    on: datetime.date
    entries: list[PostingEntry]


def offering_agencies(on: datetime.date | None = None):
    """Agencies operating on the day that actively offer at least one procedure in force."""
    on = on or timezone.localdate()
    offered = AgencyOffering.objects.filter(active=True, procedure__versions__in=in_force(on))
    return (
        Agency.objects.filter(pk__in=offered.values("agency"))
        .exclude(valid_from__gt=on)
        .exclude(valid_until__lt=on)
        .select_related("unit")
    )


def _offerings(agency: Agency) -> dict[int, AgencyOffering]:
    return {
        offering.procedure_id: offering
        for offering in AgencyOffering.objects.filter(agency=agency, active=True).select_related("agency")
    }


def posting_sheet(
    agency: Agency, page_url: Callable[[str], str], on: datetime.date | None = None, *, qr_codes: bool = True
) -> PostingSheet:
    """The sheet for `agency`; `page_url(code)` gives the absolute address of a procedure's public page. With
    `qr_codes` False the entries carry no code (the print view shows each as an image of its own, see
    portal.catalog_views.posting_qr), which saves encoding a commune's 240 codes while the page waits."""
    on = on or timezone.localdate()
    offerings = _offerings(agency)
    versions = (
        in_force(on)
        .filter(procedure__in=offerings.keys())
        .select_related("procedure", "field")
        .prefetch_related("methods", "fees")
        .order_by("field__name", "name", "procedure__code")
    )
    receivers = _local_receivers(agency, offerings.keys())
    entries = []
    for number, version in enumerate(versions, start=1):
        url = page_url(version.procedure.code)
        places = _places(offerings[version.procedure_id], receivers.get(version.procedure_id, []))
        fee_notes = list(dict.fromkeys(method.fee_text for method in version.methods.all() if method.fee_text))
        qr = qr_svg(url, qr_title(version.procedure.code), scale=2, mask=FIXED_MASK) if qr_codes else None
        entries.append(PostingEntry(number, version, places, fee_notes, url, qr))
    return PostingSheet(agency, on, entries)


def qr_title(code: str) -> str:
    return gettext("Mã QR: trang thủ tục %(code)s") % {"code": code}


@dataclass(frozen=True)
class SheetContent:
    """What a sheet would hold, known from a few small queries and without laying it out: its number of
    procedures, and `key`, which changes whenever anything the sheet shows may have changed."""

    size: int
    key: str


def sheet_content(agency: Agency, on: datetime.date | None = None) -> SheetContent:
    """The key covers the day (the sheet is dated and what is in force changes with it), the agency's name and
    address, its active offerings with their channels, the versions in force with their field, and the other local
    agencies that receive for it. A published version is never edited (motcua.catalog.versions: a change is a new
    version), so its primary key stands for its methods, fees and wording. The page addresses in the QR codes are
    not in it: callers add them."""
    on = on or timezone.localdate()
    offerings = AgencyOffering.objects.filter(agency=agency, active=True)
    offered = sorted(offerings.values_list("procedure_id", "receives", "channels"))
    procedure_ids = [row[0] for row in offered]
    versions = sorted(in_force(on).filter(procedure__in=procedure_ids).values_list("pk", "field_id", "field__name"))
    receivers = sorted(
        AgencyOffering.objects.filter(procedure__in=procedure_ids, active=True, receives=True, agency__unit=agency.unit)
        .exclude(agency=agency)
        .values_list("procedure_id", "agency_id", "agency__name", "agency__address", "channels")
    )
    facts = [on.isoformat(), agency.pk, agency.name, agency.address, offered, versions, receivers]
    return SheetContent(len(versions), hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest())


def _local_receivers(agency: Agency, procedure_ids) -> dict[int, list[AgencyOffering]]:
    """Other agencies of the same administrative unit that receive these procedures (e.g. the commune's centre)."""
    found: dict[int, list[AgencyOffering]] = {}
    others = (
        AgencyOffering.objects.filter(procedure__in=procedure_ids, active=True, receives=True, agency__unit=agency.unit)
        .exclude(agency=agency)
        .select_related("agency")
        .order_by("agency__name")
    )
    for offering in others:
        found.setdefault(offering.procedure_id, []).append(offering)
    return found


def _places(own: AgencyOffering, local_receivers: list[AgencyOffering]) -> list[FilingPlace]:
    receiving = [own] if own.receives else local_receivers
    labels = dict(Channel.choices)
    return [
        FilingPlace(offering.agency, [str(labels[channel]) for channel in offering.channels if channel in labels])
        for offering in receiving
    ]


def pdf_filename(sheet: PostingSheet) -> str:
    return f"niem-yet-thu-tuc-{sheet.agency.pk}-{sheet.on:%Y%m%d}.pdf"
