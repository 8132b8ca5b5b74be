"""QR codes for join links, drawn as SVG on the server (no script, no other host)."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str) -> bytes:
    """A scalable SVG (viewBox, no fixed size) with a white quiet zone for projectors."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=1, border=4, xmldecl=False, omitsize=True, light="#fff"
    )
    return buffer.getvalue()
