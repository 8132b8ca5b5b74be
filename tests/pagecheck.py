"""Checks every HTML page the tests fetch, so page quality holds without being remembered.

Modelled on alphagov/notifications-admin: one h1, a title and a description, unique ids, a
language, CSRF on every POST form, an error summary whose links reach something that takes
focus and whose words no other link shares, ARIA roles the HTML checker accepts, and nothing
loaded from another host. (The browser tests run the full Nu HTML Checker as well.)
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

from bs4 import BeautifulSoup


class PageProblem(AssertionError):
    pass


# WAI-ARIA 1.2 roles (abstract roles are not for authors). Any other role is invalid HTML.
ARIA_ROLES = {
    "alert",
    "alertdialog",
    "application",
    "article",
    "banner",
    "blockquote",
    "button",
    "caption",
    "cell",
    "checkbox",
    "code",
    "columnheader",
    "combobox",
    "complementary",
    "contentinfo",
    "definition",
    "deletion",
    "dialog",
    "document",
    "emphasis",
    "feed",
    "figure",
    "form",
    "generic",
    "grid",
    "gridcell",
    "group",
    "heading",
    "img",
    "insertion",
    "link",
    "list",
    "listbox",
    "listitem",
    "log",
    "main",
    "marquee",
    "math",
    "menu",
    "menubar",
    "menuitem",
    "menuitemcheckbox",
    "menuitemradio",
    "meter",
    "navigation",
    "none",
    "note",
    "option",
    "paragraph",
    "presentation",
    "progressbar",
    "radio",
    "radiogroup",
    "region",
    "row",
    "rowgroup",
    "rowheader",
    "scrollbar",
    "search",
    "searchbox",
    "separator",
    "slider",
    "spinbutton",
    "status",
    "strong",
    "subscript",
    "superscript",
    "switch",
    "tab",
    "table",
    "tablist",
    "tabpanel",
    "term",
    "textbox",
    "time",
    "timer",
    "toolbar",
    "tooltip",
    "tree",
    "treegrid",
    "treeitem",
}
# Table parts keep their own meaning: a role on them (as NHS.UK's responsive table adds) is
# an error to the HTML checker.
TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "th", "td")
FOCUSABLE = ("input", "select", "textarea", "button")


def _takes_focus(element) -> bool:
    return (
        element.name in FOCUSABLE
        or (element.name == "a" and element.has_attr("href"))
        or element.has_attr("tabindex")
    )


def _words(element) -> str:
    return " ".join(element.get_text(" ").split())


def page_problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []

    root = soup.find("html")
    if root is None or root.get("lang") != "en":
        problems.append('the <html> element must have lang="en"')

    title = soup.title.get_text(strip=True) if soup.title else ""
    if not title:
        problems.append("the page has no <title> text")

    description = soup.find("meta", attrs={"name": "description"})
    if description is None or not description.get("content", "").strip():
        problems.append("the page has no meta description")

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
        others = {_words(a) for a in soup.find_all("a") if a not in links}
        for link in links:
            target = (link.get("href") or "").removeprefix("#")
            element = soup.find(id=target) if target else None
            if element is None:
                problems.append(f"error summary link {link.get('href')!r} points at no element")
            elif not _takes_focus(element):
                problems.append(
                    f"error summary link {link.get('href')!r} points at a <{element.name}>, "
                    "which cannot take focus"
                )
            if _words(link) in others:
                problems.append(
                    f"error summary link {_words(link)!r} has the words of another link"
                )

    for element in soup.find_all(role=True):
        roles = element["role"].split()
        if roles[0] not in ARIA_ROLES:
            problems.append(f'role="{element["role"]}" on <{element.name}> is not an ARIA role')
        elif element.name in TABLE_PARTS:
            problems.append(f'role="{element["role"]}" on a native <{element.name}>')

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
