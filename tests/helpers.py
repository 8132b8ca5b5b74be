"""Helpers that drive forms the way a browser does: fetch the page, then post its form."""

from __future__ import annotations

import gzip
from urllib.parse import urljoin

import brotli
from bs4 import BeautifulSoup

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


def close_round(client, token: str):
    """The team lead closes the latest self-assessment round; returns the confirmation page."""
    confirm = client.get(f"/assessment/results/{token}/close")
    assert confirm.status_code == 200, confirm.status_code
    closed = submit_form(client, f"/assessment/results/{token}/close")
    assert closed.headers["Location"] == f"/assessment/results/{token}"
    return confirm
