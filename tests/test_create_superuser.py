from django.contrib.auth import get_user_model

from motcua.accounts.models import Role
from motcua.accounts.scope import is_system_admin


def test_createsuperuser_makes_a_staff_system_admin(db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.gov.vn", "a-long-password-2026")
    assert user.account_type == "staff"
    assert not user.is_applicant
    assert list(user.roles.values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]
    assert is_system_admin(user)
