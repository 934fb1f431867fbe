"""How django-axes names the account behind a login attempt (tạm khóa đăng nhập).

One account can be typed as a user name, an e-mail address or a phone number. Counting failures per typed
text would give an attacker the limit three times over, so every spelling is counted as the account's user
name. Settings: AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.lockout_username".
"""

from django.conf import settings

from motcua.accounts.backends import find_user


def account_name(typed: str) -> str:
    """The one name of the account behind what was typed (also used by motcua.accounts.spraying)."""
    user = find_user(typed or "")
    # Unknown names are still counted, lower-cased so that case changes do not reset the count.
    return user.get_username() if user is not None else (typed or "").strip().lower()


def lockout_username(request, credentials: dict | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials or getattr(request, "data", request.POST)
    return account_name(source.get(field) or "")
