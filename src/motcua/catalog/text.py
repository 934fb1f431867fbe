"""Folding Vietnamese text for search (bỏ dấu): lower case, no diacritics, đ → d, single spaces."""

import unicodedata


def fold(text: str) -> str:
    """ "Thủ tục Đăng ký khai sinh" → "thu tuc dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
