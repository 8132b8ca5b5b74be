"""Sending generated files: attachment headers, no caching, ZIPs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from flask import Response


def attachment(body: bytes, filename: str, mimetype: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # Reports hold a team's results: keep them out of shared caches.
            "Cache-Control": "no-store",
        },
    )


def pdf_response(pdf: bytes, filename: str) -> Response:
    return attachment(pdf, filename, "application/pdf")


def zip_of(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP of (name, bytes); stored, not deflated: PDFs are compressed already."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
