"""Documents made in the background (tài liệu tạo trong nền): a long PDF or book is requested, a task worker lays it
out and stores the file, and the requester follows its progress on a status page until the download link appears.

The row holds what was asked (kind and parameters), who asked, how far the work is, and the finished file. Files
are deleted after settings.BACKGROUND_DOCUMENT_HOURS by a periodic job (motcua.documents.background.remove_expired).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _file_path(document: "BackgroundDocument", name: str) -> str:
    return f"background/{document.key}/{name}"


class BackgroundDocument(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không tạo được")

    # The public handle in addresses: unguessable, so a public document's status page may be shared.
    key = models.UUIDField(_("mã"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict)
    # Requests that would make the same file share one row (motcua.documents.background.request).
    reuse_key = models.CharField(max_length=200, db_index=True)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Holds personal data: only its requester may see it, never cached by the browser.
    personal = models.BooleanField(_("có dữ liệu cá nhân"), default=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=1)
    step_label = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=_file_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tài liệu tạo trong nền")
        verbose_name_plural = _("tài liệu tạo trong nền")
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.steps_done * 100 // max(self.steps_total, 1))
