"""Folding Vietnamese text for search (bỏ dấu): lower case, no diacritics, đ → d, single spaces."""

import unicodedata


def fold(text: str) -> str:
    """ "Thủ tục Đăng ký khai sinh" → "thu tuc dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def search_key(code: str, name: str) -> str:
    """What a procedure version is searched by: its code and folded name ("1.001193 thu tuc dang ky khai sinh")."""
    return fold(f"{code} {name}")
