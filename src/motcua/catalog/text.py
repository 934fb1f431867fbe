"""Folding Vietnamese text for search (bỏ dấu): lower case, no diacritics, đ → d, single spaces."""

import re
import unicodedata


def fold(text: str) -> str:
    """ "Thủ tục Đăng ký khai sinh" → "thu tuc dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def search_key(code: str, name: str) -> str:
    """What a procedure version is searched by: its code and folded name ("1.001193 thu tuc dang ky khai sinh")."""
    return fold(f"{code} {name}")


# -- How the portal's catalog text is shown (issue 14 item 6) ------------------------------------------------------
# The national portal lists notes ("Lưu ý: …", headings such as "Chứng cứ … gồm:") as rows of the documents table
# with "0 bản chính", marks no document as conditional, and shows times as bare numbers. These helpers read the
# published text as a citizen would; the text itself is never rewritten.

# "Trường hợp ủy quyền…", "Nếu…", "Đối với trường hợp…", "… (nếu có)", "… trong trường hợp đại diện…".
_CONDITIONAL_START = re.compile(r"^(?:[-+*•]\s*)?(?:\(?[a-zđ0-9.]{1,6}\)\s*)?(?:đối với |trong )?(?:trường hợp|nếu)\b")
_CONDITIONAL_ANYWHERE = re.compile(r"\(\s*nếu có\s*\)|nếu có\)|trong trường hợp|đối với trường hợp")
_PRESENTED = "xuat trinh"
# A bare number, "0", or the portal's "no information" say nothing a reader can use.
_UNINFORMATIVE_TIME = re.compile(r"^(?:\d+(?:[.,]\d+)?|không có thông tin|)$")
# A step glued to the previous sentence: "…thực hiện xác nhận.Trường hợp 2: …", "…(của mình) a) Người kê khai…".
_GLUED_STEP = re.compile(
    r"(?:(?<=[a-zà-ỹ)][.;:])|(?<=[a-zà-ỹ]\)))\s*"
    r"(?=(?:Bước \d+|Trường hợp \d+|[a-zđ]\) [A-ZĐÀ-Ỹ]|\d+(?:\.\d+)*\. [A-ZĐÀ-Ỹ]|[-+] [A-ZĐÀ-Ỹ]))"
)
_STEP_LEVELS = (
    (re.compile(r"^(?:Bước \d+|Trường hợp \d+|\d+(?:\.\d+)*\.?\s)"), 0),
    (re.compile(r"^(?:[-–]\s|[a-zđ]\)\s|\([ivx]+\)\s|\(\d+(?:\.\d+)*\)\s)"), 1),
    (re.compile(r"^(?:[+*•]\s|\*)"), 2),
)
_STEPS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*)?trình tự thực hiện\s*:?$", re.IGNORECASE)


def is_conditional_document(name: str, group: str = "") -> bool:
    """A document needed only in some cases: its name or its group says "trường hợp…", "nếu…" or "(nếu có)"."""
    name, group = name.strip().lower(), group.strip().lower()
    return bool(
        _CONDITIONAL_START.search(name) or _CONDITIONAL_ANYWHERE.search(name) or _CONDITIONAL_START.search(group)
    )


def is_note_row(name: str, group: str, originals: int, copies: int, form: str = "") -> bool:
    """A row of the portal's documents table that is a note, not a paper: "Lưu ý…" (in its name or group), or a
    row with no paper to hand in and no form (a heading such as "Chứng cứ … gồm:"), except papers to *present*
    (Giấy tờ phải xuất trình), which are shown, not handed in."""
    folded_name, folded_group = fold(name).lstrip("*-+ "), fold(group)
    if folded_name.startswith("luu y") or folded_group.startswith("luu y"):
        return True
    return not originals and not copies and not form and _PRESENTED not in folded_group


def published_time(time_text: str, label: str = "") -> str:
    """The published time worth showing beside the structured one: "" for a bare number ("1"), "0", the portal's
    "Không có thông tin", or the same words as `label`."""
    text = " ".join((time_text or "").split())
    if _UNINFORMATIVE_TIME.match(text.lower()) or fold(text) == fold(label or ""):
        return ""
    return text


def step_lines(text: str) -> list[tuple[int, str]]:
    """The steps (trình tự thực hiện) as (level, line): one line per step as published, steps glued to the previous
    sentence split off, their own numbering kept (level 0: "Bước 1", "1.2.", level 1: "-", "a)", level 2: "+", "*").
    A first line that only repeats the heading "Trình tự thực hiện" is dropped."""
    lines = []
    for raw in (text or "").splitlines():
        for part in _GLUED_STEP.split(raw):
            part = " ".join(part.split())
            if not part:
                continue
            level = next((lvl for pattern, lvl in _STEP_LEVELS if pattern.match(part)), 1 if lines else 0)
            lines.append((level, part))
    if lines and _STEPS_HEADING.match(lines[0][1]):
        lines = lines[1:]
    return lines
