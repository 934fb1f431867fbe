"""Writing procedure versions in the interchange format (JSON), in the canonical form that schema.normalise gives."""

import json

from django.db.models import Prefetch, QuerySet

from motcua.catalog.models import (
    FeeItem,
    LegalBasis,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
)

from .schema import FORMAT_NAME, FORMAT_VERSION, number_json


def versions_for_export(queryset: QuerySet | None = None) -> QuerySet:
    """Versions with everything the record needs loaded in a fixed number of queries, ordered by code and number."""
    queryset = ProcedureVersion.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("procedure", "field", "publication")
        .prefetch_related(
            Prefetch("methods", ProcedureMethod.objects.order_by("order", "pk")),
            Prefetch("documents", RequiredDocument.objects.order_by("order", "pk")),
            Prefetch("fees", FeeItem.objects.order_by("order", "pk")),
            Prefetch("legal_bases", LegalBasis.objects.order_by("order", "pk")),
            Prefetch("results", ProcedureResult.objects.order_by("order", "pk")),
        )
        .order_by("procedure__code", "number")
    )


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _time(method: ProcedureMethod) -> dict | None:
    if method.time_unit == "same_day":
        return {
            "amount": None,
            "unit": method.time_unit,
            "cutoff": f"{method.cutoff:%H:%M}" if method.cutoff else "15:00",
        }
    if not method.time_unit or method.time_amount is None:
        return None
    return {"amount": number_json(method.time_amount), "unit": method.time_unit, "cutoff": None}


def _publication(version: ProcedureVersion) -> dict | None:
    try:
        decision = version.publication
    except PublicationDecision.DoesNotExist:
        return None
    return {
        "number": decision.number,
        "signed_on": _date(decision.signed_on),
        "signer": decision.signer,
        "issuer": decision.issuer,
        "effective_on": _date(decision.effective_on),
    }


def version_to_record(version: ProcedureVersion) -> dict:
    """One version as a record of the interchange format; load it with versions_for_export()."""
    field = version.field
    return {
        "code": version.procedure.code,
        "version": version.number,
        "status": version.status,
        "valid_from": _date(version.valid_from),
        "valid_until": _date(version.valid_until),
        "name": version.name,
        "field": {"name": field.name, "code": field.code, "sector": field.sector},
        "kind": version.kind,
        "levels": list(version.levels or []),
        "agencies": {
            "implementing": version.implementing_agencies,
            "competent": version.competent_agencies,
            "receiving": version.receiving_agencies,
            "coordinating": version.coordinating_agencies,
        },
        "steps": version.steps,
        "applicants": version.applicants,
        "requirements": version.requirements,
        "results_description": version.results_description,
        "online_level": version.online_level,
        "legacy_online_level": version.legacy_online_level,
        "boundary_free": version.boundary_free,
        "fee_exempt": version.fee_exempt,
        "methods": [
            {
                "channel": m.channel,
                "time": _time(m),
                "time_text": m.time_text,
                "fee_text": m.fee_text,
                "description": m.description,
            }
            for m in version.methods.all()
        ],
        "documents": [
            {
                "group": d.group,
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "copies_text": d.copies_text,
                "required": d.required,
                "form": d.form_name,
            }
            for d in version.documents.all()
        ],
        "fees": [
            {
                "kind": f.kind,
                "name": f.name,
                "amount_vnd": f.amount_vnd,
                "channel": f.channel,
                "condition": f.condition,
                "exempt": f.exempt,
            }
            for f in version.fees.all()
        ],
        "legal_basis": [{"number": b.number, "title": b.title} for b in version.legal_bases.all()],
        "results": [{"name": r.name, "code": r.code} for r in version.results.all()],
        "publication_decision": _publication(version),
        "notes": version.notes,
        "source_url": version.source_url,
    }


def export_document(queryset: QuerySet | None = None) -> dict:
    """The whole file: a header naming the format and one record per version."""
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "procedures": [version_to_record(v) for v in versions_for_export(queryset).iterator(chunk_size=500)],
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
