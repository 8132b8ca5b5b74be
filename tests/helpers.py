"""Reading what the service sends, as a browser or PDF reader would, and posting its forms."""

from __future__ import annotations

import gzip
import io
from urllib.parse import urljoin

import brotli
from bs4 import BeautifulSoup
from pypdf import PdfReader

DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress}


def body_text(response) -> str:
    """A response's text, decompressed as its Content-Encoding says (as a browser does)."""
    encoding = response.headers.get("Content-Encoding")
    data = DECODERS[encoding](response.data) if encoding else response.data
    return data.decode(response.mimetype_params.get("charset", "utf-8"))


def form_fields(html: str, form_index: int = 0) -> tuple[str | None, dict[str, str]]:
    """The action and the hidden fields (CSRF token included) of a POST form on a page."""
    soup = BeautifulSoup(html, "html.parser")
    forms = [f for f in soup.find_all("form") if f.get("method", "get").lower() == "post"]
    form = forms[form_index]
    hidden = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input", attrs={"type": "hidden"})
        if field.get("name")
    }
    return form.get("action"), hidden


def submit_form(client, page_url: str, data: dict | None = None, *, form_index: int = 0, **kwargs):
    """GET page_url, then POST its form (with its CSRF token) plus `data`."""
    page = client.get(page_url)
    assert page.status_code == 200, f"GET {page_url} gave {page.status_code}"
    action, fields = form_fields(page.get_data(as_text=True), form_index)
    fields.update(data or {})
    target = urljoin(page_url, action) if action else page_url
    return client.post(target, data=fields, **kwargs)


def text_of(response) -> str:
    """The visible text of an HTML response, whitespace folded, for assertions."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def pdf_of(response) -> PdfReader:
    """The downloaded PDF, checked to be an attachment the browser does not keep."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return PdfReader(io.BytesIO(response.get_data()))


def pdf_text(reader: PdfReader) -> str:
    """All the text, whitespace folded (table cells come out one after another)."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
