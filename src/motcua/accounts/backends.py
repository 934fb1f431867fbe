"""Login by user name, e-mail address or phone number, all through one password check."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from motcua.accounts.models import User
from motcua.core.validators import normalise_phone


def find_user(identifier: str) -> User | None:
    """The account named by a user name, e-mail address or phone number (in any usual spelling), if any."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    lookup = Q(username__iexact=identifier)
    if "@" in identifier:
        lookup |= Q(email__iexact=identifier)
    phone = normalise_phone(identifier)
    if len(phone) >= 9 and phone.isdigit() and not any(ch.isalpha() for ch in identifier):
        lookup |= Q(phone=phone)
    return User.objects.filter(lookup).order_by("pk").first()


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Same cost as a real check, so response time does not reveal which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
