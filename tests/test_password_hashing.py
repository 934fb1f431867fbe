"""Passwords are stored with Argon2 (the configured hasher, not the fast one the other tests use)."""

from django.contrib.auth.hashers import check_password, make_password


def test_configured_hasher_is_argon2():
    from motcua import settings as motcua_settings

    assert motcua_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_new_passwords_are_argon2_hashes(settings):
    from motcua import settings as motcua_settings

    settings.PASSWORD_HASHERS = motcua_settings.PASSWORD_HASHERS
    encoded = make_password("một mật khẩu dài 2026")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("một mật khẩu dài 2026", encoded)
    assert not check_password("sai mật khẩu", encoded)
