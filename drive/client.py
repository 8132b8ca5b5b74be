"""Browser-like HTTP clients: one interface for locust's client and a standard-library one.

A client keeps cookies, never follows a redirect by itself (so a POST and the page it
leads to are timed as the two requests a browser makes) and hands error pages back as
pages. Connection failures (a killed worker, a database that is down behind a proxy)
raise from the standard-library client, as they would show a browser's own error page.
"""

from __future__ import annotations

import urllib.request
from abc import ABC, abstractmethod
from http.cookiejar import CookieJar
from urllib.parse import urlencode, urljoin

from drive.pages import Page

FormData = dict[str, str] | list[tuple[str, str]]


class Client(ABC):
    base_url: str

    @abstractmethod
    def send(self, method: str, url: str, data: FormData | None, name: str) -> Page:
        """One request to an absolute or site-relative URL, redirects not followed."""

    def get(self, url: str, name: str = "") -> Page:
        return self.send("GET", urljoin(self.base_url, url), None, name)

    def post(self, url: str, data: FormData, name: str = "") -> Page:
        return self.send("POST", urljoin(self.base_url, url), data, name)

    def submit(self, page: Page, data: FormData | None = None, name: str = "", index=0) -> Page:
        """Post the page's form as a person would: its hidden fields (CSRF token) plus `data`."""
        form = page.form(index)
        fields = list(form.hidden.items()) + list(dict(data or {}).items())
        return self.post(form.action, fields, name)

    def follow(self, page: Page, name: str = "") -> Page:
        """Follow redirects (as GETs, like a browser after a 303) to the page they lead to."""
        for _ in range(5):
            if not page.is_redirect:
                return page
            page = self.get(page.location, name)
        raise RuntimeError(f"too many redirects from {page.url}")


class _NoRedirects(urllib.request.HTTPErrorProcessor):
    """Hand every response back as it is: no redirect following, no raising on 4xx/5xx."""

    def http_response(self, request, response):
        return response


class Browser(Client):
    """The standard-library client, for seeding data and for fault runs with threads."""

    def __init__(self, base_url: str, timeout: float = 30):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = CookieJar()
        self.headers: dict[str, str] = {}  # sent with every request (X-Forwarded-For, say)
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def send(self, method: str, url: str, data: FormData | None, name: str = "") -> Page:
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (loopback)
            url, data=body, method=method, headers=self.headers
        )
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        with self._opener.open(request, timeout=self.timeout) as response:
            text = response.read().decode("utf-8", errors="replace")
            location = response.headers.get("Location")
            return Page(response.status, url, text, urljoin(url, location) if location else None)
