"""Sending generated files: attachment headers, no caching."""

from __future__ import annotations

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
