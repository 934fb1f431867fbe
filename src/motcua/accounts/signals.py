"""Logins, logouts and failed logins go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from motcua.core.audit import record
from motcua.core.models import AuditEntry


@receiver(user_logged_in, dispatch_uid="audit-login")
def audit_login(sender, request, user, **kwargs):
    record(AuditEntry.Action.LOGIN, user, actor=user)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEntry.Action.LOGOUT, user, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Only the name that was tried is kept, never the password.
    record(
        AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.User",
        object_label=str(credentials.get("username", ""))[:150],
    )
