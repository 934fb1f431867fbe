"""Mẫu 07, the tracking book (sổ theo dõi hồ sơ) of an agency for a period: bounded so that no request can tie up
a web worker.

A short book (at most BOOK_AT_ONCE_DAYS days and BOOK_AT_ONCE_ROWS dossiers) is sent at once. A longer one, up to
BOOK_MAX_DAYS, is made in the background (motcua.documents.heavy): the page shows how many dossiers the period
holds and a button that queues it, then the status page shows its progress and the download. Dates are checked
before anything is counted: a day after today, before 2000 or a period too long is a clear message beside the
field (422), never a server error.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from motcua.accounts.decorators import staff_required
from motcua.accounts.scope import can_see_agency
from motcua.desk.dossier_forms import TrackingBookForm
from motcua.desk.dossier_views import _filter_agencies  # the agencies the staff member sees, as the queues
from motcua.documents import background, heavy
from motcua.documents.dossier_forms import (
    CONTENT_TYPES,
    MAX_ROWS,
    book_size,
    render_tracking_book,
    tracking_book_filename,
)

STATUS_INVALID = 422


class BoundedTrackingBookForm(TrackingBookForm):
    """The tracking book form with the period bounded (motcua.documents.heavy.book_period_errors, shared with the
    API: from 01/01/2000 to today, at most BOOK_MAX_DAYS days)."""

    def clean(self):
        cleaned = super().clean()
        for name, message in heavy.book_period_errors(cleaned.get("date_from"), cleaned.get("date_to")).items():
            self.add_error(name, message)
        return cleaned


@staff_required
@require_http_methods(["GET", "POST"])
def tracking_book(request):
    """GET: the form, a short book at once, or the offer to make a long one in the background; POST: queue it."""
    agencies = _filter_agencies(request.user)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = BoundedTrackingBookForm(
        agencies, data, initial={"date_from": today.replace(day=1), "date_to": today, "fmt": "pdf", "part": 1}
    )
    context = {"form": form, "max_rows": MAX_ROWS, "at_once_rows": heavy.BOOK_AT_ONCE_ROWS}
    if not (form.is_bound and form.is_valid()):
        status = STATUS_INVALID if form.is_bound else 200
        return render(request, "desk/dossiers/tracking_book.html", context, status=status)
    values = form.cleaned_data
    agency = form.agencies[values["agency"]]
    if not can_see_agency(request.user, agency):
        raise PermissionDenied(gettext("Bạn không xem được hồ sơ của cơ quan này."))
    date_from, date_to, fmt = values["date_from"], values["date_to"], values["fmt"]
    if request.method == "POST":
        try:
            document = background.request(
                heavy.TRACKING_BOOK,
                heavy.book_params(agency, date_from, date_to, fmt),
                title=gettext("Sổ theo dõi hồ sơ – %(agency)s, %(start)s–%(end)s (%(fmt)s)")
                % {
                    "agency": agency.name,
                    "start": f"{date_from:%d/%m/%Y}",
                    "end": f"{date_to:%d/%m/%Y}",
                    "fmt": fmt.upper(),
                },
                user=request.user,
            )
        except background.TooManyRequests as error:
            context["refused"] = str(error)
            return render(request, "desk/dossiers/tracking_book.html", context, status=429)
        return redirect("documents:background-status", document.key)
    size = book_size(agency, date_from, date_to)
    if (date_to - date_from).days + 1 <= heavy.BOOK_AT_ONCE_DAYS and size <= heavy.BOOK_AT_ONCE_ROWS:
        content = render_tracking_book(agency, date_from, date_to, fmt, part=values["part"])
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        name = tracking_book_filename(agency, date_from, date_to, fmt, values["part"])
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["Cache-Control"] = "no-store, private"
        return response
    context.update(background_offer=True, size=size, agency=agency, date_from=date_from, date_to=date_to)
    return render(request, "desk/dossiers/tracking_book.html", context)
