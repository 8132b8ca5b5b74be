"""Accessibility checks run in the browser on every page a journey visits.

axe-core (from npm, node_modules/axe-core) is evaluated through the DevTools protocol, which
the page's Content-Security-Policy does not apply to. So the browser contexts keep the app's
real CSP (no bypass_csp), and a script or style the CSP would block fails the tests instead of
slipping through: what we test is what users get. Pages seen with JavaScript off are checked
in a mirror (NoScriptMirror).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# axe runs every rule it has: WCAG A and AA, best practices and experimental rules. A rule is
# left out only here, with the reason.
RULES_LEFT_OUT = {
    "color-contrast-enhanced": "level AAA (7:1); the service aims at AA, and NHS.UK blue on"
    " white, the NHS colours every NHS service uses, is 5.7:1, above AA's 4.5:1",
}
SERVICE_SUFFIX = " - Involvement Ladder"
NHS_FOCUS_YELLOW = "rgb(255, 235, 59)"


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise RuntimeError(f"{AXE_PATH} is missing: run `npm ci` (or `make test`, which does it)")
    return AXE_PATH.read_text(encoding="utf-8")


_RUN_AXE = """async (leftOut) => {
  const rules = axe.getRules().map((rule) => rule.ruleId).filter((id) => !leftOut.includes(id));
  const results = await axe.run(document, {
    runOnly: {type: "rule", values: rules},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "), html: n.html, summary: n.failureSummary,
    })),
  }));
}"""


def axe_violations(page: Page) -> list[dict]:
    """Run every axe-core rule (WCAG, best practice, experimental) on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE, list(RULES_LEFT_OUT))


def describe_violations(violations: list[dict], where: str) -> str:
    lines = [f"axe found {len(violations)} violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {node['target']}: {node['html'][:300]}")
            lines.extend(f"     {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


class NoScriptMirror:
    """A copy of a page seen with JavaScript off, in a page where axe can run.

    axe needs timers, which never fire in a page with JavaScript disabled. The mirror loads the
    same HTML at the same address, size and text size with a CSP of script-src 'none', so the
    page's own scripts stay off (as for the user) while axe, injected through DevTools, runs.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.html = ""
        page.route("**/*", self._serve)

    def _serve(self, route) -> None:
        if route.request.resource_type != "document":
            route.continue_()
            return
        headers = {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": "script-src 'none'",
        }
        route.fulfill(status=200, headers=headers, body=self.html)

    def violations(self, page: Page) -> list[dict]:
        self.html = page.content()
        self.page.goto(page.url)
        assert not self.page.evaluate("document.body.classList.contains('js-enabled')")
        return axe_violations(self.page)


def assert_title_fits_page(page: Page, where: str) -> None:
    """A meaningful title naming the page then the service, "Error: " first when in error."""
    title = page.title()
    own = title.removeprefix("Error: ").removesuffix(SERVICE_SUFFIX)
    assert title.endswith(SERVICE_SUFFIX) and own.strip(), f"{where}: title {title!r}"
    has_summary = page.locator(".nhsuk-error-summary").count() > 0
    assert title.startswith("Error: ") == has_summary, (
        f"{where}: title {title!r} must start with 'Error: ' exactly when an error summary shows"
    )


# The page's width against the viewport's, and the innermost elements sticking out (their
# box, or their text overflowing a box that does not scroll).
_WIDTHS = """() => {
  const viewport = window.innerWidth;
  const out = (el) => el.getBoundingClientRect().right > viewport + 1
    || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"
        && el.getBoundingClientRect().left + el.scrollWidth > viewport + 1);
  const wide = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().width > 0 && out(el) && ![...el.children].some(out));
  return {
    scroll: document.documentElement.scrollWidth, viewport: viewport,
    wide: wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 200)),
  };
}"""


def assert_no_horizontal_scroll(page: Page, where: str) -> None:
    widths = page.evaluate(_WIDTHS)
    assert widths["scroll"] <= widths["viewport"], (
        f"{where}: the page scrolls sideways ({widths['scroll']}px wide in a "
        f"{widths['viewport']}px viewport); sticking out:\n" + "\n".join(widths["wide"])
    )


def root_font_size(page: Page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


# Every chart is followed by a captioned table of its figures, shown and not hidden from
# screen readers, before the next chart.
_CHARTS_WITHOUT_TABLES = """() => {
  const missing = [];
  let waiting = null;
  for (const el of document.querySelectorAll("[data-app-chart], table")) {
    if (el.matches("table")) {
      const shown = el.checkVisibility() && !el.closest("[aria-hidden=true]");
      if (shown && el.querySelector("caption")) waiting = null;
      continue;
    }
    if (waiting) missing.push(waiting);
    // A chart in a closed details component is not shown (nor drawn) until it is opened.
    waiting = el.closest("details:not([open])") ? null : el.dataset.appChart;
  }
  if (waiting) missing.push(waiting);
  return missing;
}"""

# Scroll down the page table by table, as a reader would: charts are drawn as they come near
# the view (static/js/charts.mjs).
READ_DOWN = """async () => {
  for (const table of document.querySelectorAll("main table")) {
    table.scrollIntoView();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  window.scrollTo(0, 0);
}"""

# True once every chart is drawn, or left undrawn because the screen is too narrow for it
# (static/js/charts.mjs; the table shows instead).
CHARTS_SETTLED = """() => [...document.querySelectorAll("[data-app-chart]")].every((chart) => {
  if (chart.dataset.appChartReady || chart.closest("details:not([open])")) return true;
  const figure = JSON.parse(document.getElementById(chart.dataset.appChart).textContent);
  return chart.parentElement.clientWidth < ((figure.layout.meta || {}).min_screen_width || 0);
})"""


def assert_charts_have_tables(page: Page, where: str) -> None:
    missing = page.evaluate(_CHARTS_WITHOUT_TABLES)
    assert not missing, f"{where}: charts with no captioned table of their figures: {missing}"


def assert_error_summary_has_focus(page: Page, where: str) -> None:
    """NHS.UK frontend moves focus to the error summary when the page loads with one."""
    if page.locator(".nhsuk-error-summary").count():
        focused = page.evaluate("document.activeElement.classList.contains('nhsuk-error-summary')")
        assert focused, f"{where}: the error summary shows but does not have focus"


# What has focus, and whether it shows the NHS yellow focus style. Radios and checkboxes draw
# their focus ring on the label's ::before, links and buttons on themselves.
FOCUS_STATE = """(yellow) => {
  const el = document.activeElement;
  const styles = [getComputedStyle(el)];
  if (el.labels && el.labels.length) {
    styles.push(getComputedStyle(el.labels[0], "::before"), getComputedStyle(el.labels[0]));
  }
  const visible = styles.some((s) =>
    s.backgroundColor === yellow || s.boxShadow.includes(yellow)
    || (s.outlineStyle !== "none" && s.outlineColor === yellow && parseFloat(s.outlineWidth) >= 2));
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  return {
    isBody: el === document.body,
    visible: visible,
    description: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.name ? "[name=" + el.name + "]" : "") + (text ? " '" + text.slice(0, 40) + "'" : ""),
  };
}"""


def focus_state(page: Page) -> dict:
    """What has focus, and whether it shows the NHS yellow focus style."""
    return page.evaluate(FOCUS_STATE, NHS_FOCUS_YELLOW)
