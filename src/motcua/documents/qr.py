"""QR codes (mã QR) as inline SVG: nothing is fetched, and the same markup prints in the browser and in PDFs."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, title: str, scale: int = 3) -> SafeString:
    """The address as an inline SVG QR code; `title` is read out by screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=scale, title=title, svgclass="qr-code")
    # segno builds the SVG from the address and the title only, and escapes both.
    return mark_safe(svg)
