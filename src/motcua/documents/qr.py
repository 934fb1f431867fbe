"""QR codes (mã QR) as SVG: inline, so nothing is fetched and the same markup prints in the browser and in PDFs, or
as a file of its own for a page of many codes."""

import io

import segno
from django.utils.safestring import SafeString, mark_safe

# The data mask of the posting sheet's codes (ISO/IEC 18004 §7.8): choosing the best of the eight masks is four
# fifths of the time of encoding an address (about 15 ms against 3 ms), which a commune's 240-procedure sheet paid
# 240 times. Any mask is read by every scanner; the choice only avoids patterns that slow some readers down.
FIXED_MASK = 0


def qr_svg(url: str, title: str, scale: int = 3, mask: int | None = None) -> SafeString:
    """The address as an inline SVG QR code; `title` is read out by screen readers. `mask` None chooses the best
    mask (one code on a page); FIXED_MASK for documents of hundreds of codes."""
    svg = segno.make(url, error="m", mask=mask).svg_inline(scale=scale, title=title, svgclass="qr-code")
    # segno builds the SVG from the address and the title only, and escapes both.
    return mark_safe(svg)


def qr_svg_file(url: str, title: str, mask: int | None = None) -> bytes:
    """The address as a standalone SVG file (its own namespace, a viewBox instead of a size, so it fills the box an
    <img> gives it)."""
    out = io.BytesIO()
    segno.make(url, error="m", mask=mask).save(out, kind="svg", xmldecl=False, omitsize=True, title=title)
    return out.getvalue()
