"""The applicant's dossiers in their copy of their own data (motcua.accounts.personal_data_requests.export; named
there by path in settings.PERSONAL_DATA_EXPORT_SECTIONS since accounts sits below dossiers): what they typed on
each dossier and what happened to it, by when and what — without the officers' names and working notes, which
are the agencies' internal record, not the applicant's data."""

from motcua.dossiers.models import Dossier


def applicant_dossiers(user) -> list[dict]:
    dossiers = (
        Dossier.objects.filter(applicant_user=user)
        .select_related("version__procedure")
        .prefetch_related("events")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "code": dossier.code,
            "procedure": {"code": dossier.version.procedure.code, "name": dossier.version.name},
            "applicant": dossier.applicant_details(),
            "request_summary": dossier.request_summary,
            "state": dossier.state,
            "submitted_at": dossier.submitted_at,
            "received_at": dossier.received_at,
            "returned_at": dossier.returned_at,
            "events": [
                {"at": event.at, "kind": event.kind, "event": event.get_kind_display()}
                for event in sorted(dossier.events.all(), key=lambda event: (event.at, event.pk))
            ],
        }
        for dossier in dossiers
    ]
