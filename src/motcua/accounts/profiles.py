"""Saving an applicant's own profile (thông tin cá nhân) with the account's name, in one transaction."""

from django.db import transaction

from motcua.accounts.models import ApplicantProfile, User


@transaction.atomic
def save_profile(user: User, profile: ApplicantProfile, full_name: str) -> ApplicantProfile:
    """The changes are audited by the change tracking of User and ApplicantProfile (AccountsConfig.ready)."""
    if user.full_name != full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    profile.user = user
    profile.save()
    return profile
