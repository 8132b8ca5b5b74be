"""Checks every HTML page the tests fetch, so page quality holds without being remembered.

Modelled on alphagov/notifications-admin: one h1, a title, unique ids, a language,
CSRF on every POST form, an error summary whose links reach their fields, and nothing
loaded from another host.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

from bs4 import BeautifulSoup


class PageProblem(AssertionError):
    pass


def page_problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []

    root = soup.find("html")
    if root is None or root.get("lang") != "en":
        problems.append('the <html> element must have lang="en"')

    title = soup.title.get_text(strip=True) if soup.title else ""
    if not title:
        problems.append("the page has no <title> text")

    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"the page must have exactly one <h1>, found {len(h1s)}")

    duplicates = [i for i, n in Counter(el["id"] for el in soup.find_all(id=True)).items() if n > 1]
    if duplicates:
        problems.append(f"ids used more than once: {', '.join(sorted(duplicates))}")

    for form in soup.find_all("form"):
        if form.get("method", "get").lower() == "post" and not form.find(
            "input", attrs={"name": "csrf_token"}
        ):
            problems.append(f"a POST form (action={form.get('action')!r}) has no csrf_token field")

    summary = soup.select_one(".nhsuk-error-summary")
    if summary is not None:
        if not title.startswith("Error: "):
            problems.append('a page showing an error summary must have a title starting "Error: "')
        links = summary.select("a")
        if not links:
            problems.append("the error summary has no links to the fields in error")
        for link in links:
            target = (link.get("href") or "").removeprefix("#")
            if not target or soup.find(id=target) is None:
                problems.append(f"error summary link {link.get('href')!r} points at no element")

    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for element in soup.find_all(tag):
            url = element.get(attr) or ""
            if urlparse(url).netloc:
                problems.append(f"<{tag}> loads from another host: {url}")

    return problems


def check_page(html: str, url: str = "") -> None:
    problems = page_problems(html)
    if problems:
        raise PageProblem(
            f"Page {url or '(unknown)'} fails the page checks:\n- " + "\n- ".join(problems)
        )
