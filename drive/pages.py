"""Reading the app's pages the way a browser would: forms (with their CSRF token) and links.

Regular expressions rather than an HTML parser, because the load generator shares the
machine's two cores with the server and must stay cheap. The app's templates always quote
attribute values with double quotes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_MAIN = re.compile(r"<main\b.*?</main>", re.S | re.I)
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_CONTROL = re.compile(r"<(input|textarea|select|button)\b([^>]*)>", re.I)
_ATTR = re.compile(r'([\w:-]+)(?:\s*=\s*"([^"]*)")?')
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")


def attributes(tag_body: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value or "") for name, value in _ATTR.findall(tag_body)}


@dataclass
class Form:
    action: str
    method: str
    hidden: dict[str, str] = field(default_factory=dict)
    # Radio and checkbox groups: field name -> the values offered.
    choices: dict[str, list[str]] = field(default_factory=dict)
    # Every other named control (text, textarea, select), to know what the form asks for.
    fields: list[str] = field(default_factory=list)


@dataclass
class Page:
    status: int
    url: str
    text: str
    # Where a redirect points (absolute), or None.
    location: str | None = None

    @property
    def is_redirect(self) -> bool:
        return self.location is not None and 300 <= self.status < 400

    def forms(self, method: str = "post") -> list[Form]:
        """The page's own forms: those in <main>, not the header's (like Sign out)."""
        main = _MAIN.search(self.text)
        found = []
        for form_attrs, body in _FORM.findall(main[0] if main else self.text):
            attrs = attributes(form_attrs)
            if attrs.get("method", "get").lower() != method:
                continue
            form = Form(action=urljoin(self.url, attrs.get("action") or self.url), method=method)
            for _kind, control_attrs in _CONTROL.findall(body):
                control = attributes(control_attrs)
                name, kind = control.get("name"), control.get("type", "text").lower()
                if not name:
                    continue
                if kind == "hidden":
                    form.hidden[name] = control.get("value", "")
                elif kind in {"radio", "checkbox"}:
                    form.choices.setdefault(name, []).append(control.get("value", "on"))
                elif kind not in {"submit", "button"}:
                    form.fields.append(name)
            found.append(form)
        return found

    def form(self, index: int = 0) -> Form:
        forms = self.forms()
        if len(forms) <= index:
            raise LookupError(f"{self.url} ({self.status}) has no POST form number {index}")
        return forms[index]

    def links(self) -> list[tuple[str, str]]:
        """(absolute href, visible text) for every link on the page."""
        return [
            (urljoin(self.url, attributes(attrs).get("href", "")), _visible(inner))
            for attrs, inner in _LINK.findall(self.text)
        ]

    def link(self, text: str) -> str:
        """The href of the first link whose visible text contains `text`."""
        for href, label in self.links():
            if text.lower() in label.lower():
                return href
        raise LookupError(f"{self.url} has no link saying {text!r}")

    def has_text(self, text: str) -> bool:
        return text.lower() in _visible(self.text).lower()


def _visible(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())
