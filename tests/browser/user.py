"""A person using the service in a real browser, in one of the ways people really do.

Every action that loads a page runs the page checks (tests/browser/a11y.py) on the new page,
so a journey cannot forget one. In keyboard mode actions use Tab, Space and Enter only (and
type text into fields), plus the arrow keys inside a radio group: browsers make a radio group
one Tab stop, so arrows are the only keyboard way to pick anything but its first option. Every
Tab is checked for a visible focus style.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, Download, Locator, Page, Response

from app.domain.content import Quiz, QuizQuestion
from tests.browser import a11y
from tests.browser.html_check import HtmlChecker, describe_errors

MAX_TABS = 120
# BROWSER_SCREENSHOTS=<folder>: a full-page screenshot of every page checked, to look at.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")
_shot_numbers = itertools.count(1)
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Mode:
    name: str
    javascript: bool = True
    viewport: dict = field(default_factory=lambda: WIDE)
    # 200% text: the browser's default font size doubled (16px -> 32px), as a person sets it in
    # Chromium's Settings > Appearance > Font size. NHS.UK styles size text in rem, so all text
    # doubles while the viewport stays 320 CSS pixels wide, and em-based media queries react as
    # they do for that person. CSS zoom or page scale would scale the layout too (or not reflow
    # at all), which is not what "200% text" means.
    large_text: bool = False
    keyboard: bool = False
    checks: bool = True  # off only for extra people whose pages other tests check

    def __str__(self) -> str:
        return self.name


DESKTOP = Mode("desktop")
KEYBOARD = Mode("keyboard", keyboard=True)
SMALL_SCREEN = Mode("small-screen", viewport=NARROW, large_text=True)
NO_JAVASCRIPT = Mode("no-javascript", javascript=False, viewport=NARROW, large_text=True)
MODES = (DESKTOP, KEYBOARD, SMALL_SCREEN, NO_JAVASCRIPT)
# Someone else in the room (another team member, a participant): quick, pages not checked.
BYSTANDER = Mode("bystander", checks=False)


class Recorder:
    """Everything a context asked for, and everything that went wrong, checked at the end."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.host = urlparse(origin).netloc
        self.requests: list[str] = []
        self.problems: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))

    def _response(self, response) -> None:
        document = response.request.resource_type == "document"
        # Pages may answer 400/404 on purpose; scripts, styles and images never should.
        if response.status >= 500 or (response.status >= 400 and not document):
            self.problems.append(f"{response.status} for {response.url}")

    def _console(self, message) -> None:
        # CSP refusals and script errors land here; failed loads are caught by _response.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.problems.append(f"console error: {message.text}")

    def assert_clean(self) -> None:
        elsewhere = [
            url
            for url in self.requests
            if urlparse(url).scheme not in {"data", "blob", "about"}
            and urlparse(url).netloc != self.host
        ]
        assert not elsewhere, f"requests to another host: {elsewhere}"
        assert not self.problems, "problems in the browser:\n- " + "\n- ".join(self.problems)


class User:
    def __init__(
        self,
        page: Page,
        mode: Mode,
        recorder: Recorder,
        mirror: a11y.NoScriptMirror | None,
        html_checker: HtmlChecker,
    ) -> None:
        self.page = page
        self.html_checker = html_checker
        self.mode = mode
        self.recorder = recorder
        self.mirror = mirror  # where axe runs when the page has JavaScript off
        self.checks = mode.checks
        self._fresh_page = False  # keyboard: nothing pressed yet on the page just loaded

    # --- Pages ----------------------------------------------------------------------

    def visit(self, path: str, *, status: int = 200) -> None:
        """Type an address: load the page, then check it."""
        self._loaded(self.page.goto(path), status)

    def follow(self, name: str | re.Pattern, *, status: int = 200) -> None:
        """Follow a link by its text."""
        self._navigate(self._link(name), "Enter", status)

    def press(
        self, name: str | re.Pattern = "Continue", *, status: int = 200, loads_page: bool = True
    ) -> None:
        """Press a button (a form's button, or a link drawn as a button)."""
        button = self.page.get_by_role("button", name=name, exact=isinstance(name, str))
        if loads_page:
            self._navigate(button, "Space", status)
        else:
            self._reach(button)
            self._trigger(button, "Space")

    def expand(self, summary: str) -> None:
        """Open a details component by its summary text, then check the page as it is."""
        toggle = self.page.locator("summary", has_text=summary)
        self._reach(toggle)
        self._trigger(toggle, "Enter")
        assert toggle.locator("xpath=..").get_attribute("open") is not None, summary
        self.wait_for_charts()

    def download(self, name: str | re.Pattern) -> Download:
        """Follow a download link; the file it gave."""
        link = self._link(name)
        self._reach(link)
        with self.page.expect_download() as download:
            self._trigger(link, "Enter")
        return download.value

    def check(self) -> None:
        """Check the page again, in a state reached without loading a page."""
        self._check_page()

    @contextmanager
    def checks_paused(self) -> Iterator[None]:
        """Go through pages that other tests check already, quickly."""
        self.checks = False
        try:
            yield
        finally:
            self.checks = self.mode.checks

    def sign_in(self, email: str, password: str) -> None:
        """Sign in as a trainer (the sign-in page itself is checked in test_trainer)."""
        with self.checks_paused():
            self.visit("/trainer/sign-in")
            self.fill("Email address", email)
            self.fill("Password", password)
            self.press("Sign in")

    def wait_for_charts(self) -> None:
        """Read down to the page's charts so they draw (JavaScript on), then check the page."""
        if self.mode.javascript:
            self.page.evaluate(a11y.READ_DOWN)
            self.page.wait_for_function(a11y.CHARTS_SETTLED)
            if self.checks:
                self._check_page()

    def use_error_link(self, message: str) -> None:
        """Follow an error summary link; with JavaScript on it puts focus on its field."""
        link = self.page.locator(".nhsuk-error-summary").get_by_role("link", name=message)
        target = link.get_attribute("href").removeprefix("#")
        self._reach(link)
        self._trigger(link, "Enter")
        if self.mode.javascript:
            focused = self.page.evaluate("document.activeElement.id")
            assert focused == target, f"{self._where()}: {message!r} focused {focused!r}"

    # --- Form fields ----------------------------------------------------------------

    def choose(self, label: str) -> None:
        """Pick a radio option by its label."""
        radio = self.page.get_by_role("radio", name=label, exact=True)
        if not self.mode.keyboard:
            radio.check()
            return
        group = f"input[type=radio][name='{radio.get_attribute('name')}']"
        self._tab_to(self.page.locator(group))
        for _ in range(self.page.locator(group).count()):
            if self._has_focus(radio):
                break
            self.page.keyboard.press("ArrowDown")
        assert self._has_focus(radio), f"arrow keys never reached the option {label!r}"
        if not radio.is_checked():
            self.page.keyboard.press("Space")
        assert radio.is_checked()

    def fill(self, label: str, text: str) -> None:
        """Type into the text field with this label."""
        box = self.page.get_by_label(label, exact=True)
        if not self.mode.keyboard:
            box.fill(text)
            return
        self._tab_to(box)
        self.page.keyboard.type(text)

    # --- Text ------------------------------------------------------------------------

    def question_shown(self, quiz: Quiz) -> QuizQuestion:
        """The bank question whose story this quiz page shows (each attempt draws its own)."""
        page = self.text()
        [question] = [q for q in quiz.questions if " ".join(q.scenario.split()) in page]
        return question

    def text(self, selector: str = "main") -> str:
        return " ".join(self.page.locator(selector).inner_text().split())

    @property
    def title(self) -> str:
        return self.page.title()

    # --- Inside -----------------------------------------------------------------------

    def _link(self, name: str | re.Pattern) -> Locator:
        return self.page.get_by_role("link", name=name, exact=isinstance(name, str))

    def _reach(self, target: Locator) -> None:
        """Keyboard: Tab to the target (which may follow the skip link, a same-page jump)."""
        if self.mode.keyboard:
            self._tab_to(target)

    def _trigger(self, target: Locator, key: str) -> None:
        if self.mode.keyboard:
            self.page.keyboard.press(key)
        else:
            target.click()

    def _navigate(self, target: Locator, key: str, status: int) -> None:
        self._reach(target)
        with self.page.expect_navigation() as navigation:
            self._trigger(target, key)
        self._loaded(navigation.value, status)

    def _loaded(self, response: Response | None, expected: int) -> None:
        actual = response.status if response else None
        assert actual == expected, f"{self.page.url} answered {actual}, expected {expected}"
        self._fresh_page = True
        if self.checks:
            self._check_html(response.text())
            self._check_page()

    def _where(self) -> str:
        states = []
        if self.page.locator(".nhsuk-error-summary").count():
            states.append("error summary showing")
        if self.page.locator("[data-app-chart-ready]").count():
            states.append("charts drawn")
        state = f" ({', '.join(states)})" if states else ""
        return f"{self.page.url} [{self.mode}]{state}"

    def _check_html(self, html: str) -> None:
        """The page as the server sent it is valid HTML."""
        errors = self.html_checker.errors(html)
        assert not errors, describe_errors(errors, self._where())

    def _check_page(self) -> None:
        where = self._where()
        a11y.assert_title_fits_page(self.page, where)
        violations = (self.mirror.violations if self.mirror else a11y.axe_violations)(self.page)
        assert not violations, a11y.describe_violations(violations, where)
        if self.mode.large_text:
            assert a11y.root_font_size(self.page) == 32, f"{where}: text is not at 200%"
        if self.mode.viewport == NARROW:
            a11y.assert_no_horizontal_scroll(self.page, where)
        if self.mode.javascript:
            a11y.assert_error_summary_has_focus(self.page, where)
        a11y.assert_charts_have_tables(self.page, where)
        if SCREENSHOTS:
            parts = urlparse(self.page.url).path.strip("/").split("/")
            path = "_".join(part for part in parts if len(part) < 30) or "home"  # no tokens
            name = f"{next(_shot_numbers):03d}-{self.mode}-{path}.png"
            self.page.screenshot(path=Path(SCREENSHOTS) / name, full_page=True)

    def _has_focus(self, target: Locator) -> bool:
        return target.evaluate("el => el === document.activeElement")

    def _start_keyboard_on_new_page(self) -> None:
        """A new page leaves focus alone, at the top of the page, so Tab starts at the skip
        link; only an error summary takes focus as the page loads."""
        self._fresh_page = False
        if self.page.locator(".nhsuk-error-summary").count():
            return  # checked by a11y.assert_error_summary_has_focus
        focused = a11y.focus_state(self.page)
        assert focused["isBody"], (
            f"{self._where()}: the page moved focus to {focused['description']} as it loaded"
        )

    def _tab(self) -> dict:
        self.page.keyboard.press("Tab")
        state = a11y.focus_state(self.page)
        assert state["isBody"] or state["visible"], (
            f"{self._where()}: {state['description']} has focus but no visible focus style"
        )
        return state

    def _tab_to(self, target: Locator) -> None:
        """Press Tab until one of the target's elements has focus."""
        if self._fresh_page:
            self._start_keyboard_on_new_page()
        handles = target.element_handles()
        assert handles, f"{self._where()}: nothing matches {target}"
        reached = "elements => elements.includes(document.activeElement)"
        path = []
        for _ in range(MAX_TABS):
            if self.page.evaluate(reached, handles):
                return
            path.append(self._tab()["description"])
        raise AssertionError(
            f"{self._where()}: Tab never reached {target}; focus went: " + " > ".join(path)
        )
