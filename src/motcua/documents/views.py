"""The status page and the download of a document made in the background (motcua.documents.background).

Both answer 404 to anyone who may not see the document (another user's tracking book, a staff member who lost
access to the agency), so the page never reveals what others asked for. A personal document is sent with
Cache-Control: no-store."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from motcua.documents import background
from motcua.documents.models import BackgroundDocument


def _visible(request, key) -> BackgroundDocument:
    document = get_object_or_404(BackgroundDocument, key=key)
    if not background.may_see(document, request.user):
        raise Http404
    return document


@require_GET
def status(request, key):
    """What is being done and how far; the download link once the file is stored. Unfinished, the progress part of
    the page reloads itself every two seconds (htmx), and a plain link does the same without script."""
    document = _visible(request, key)
    response = render(
        request,
        "documents/background_status.html",
        {"document": document, "expires_at": document.created_at + background.expiry()},
    )
    add_never_cache_headers(response)  # the progress changes; a personal title stays out of caches
    if document.personal:
        patch_cache_control(response, private=True)
    return response


@require_GET
def download(request, key):
    document = _visible(request, key)
    if document.status != BackgroundDocument.Status.DONE or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:  # deleted after the retention period
        raise Http404 from error
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    if document.personal:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
