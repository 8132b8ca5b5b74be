"""PDFs with WeasyPrint: print templates, a small print stylesheet, charts as SVG.

WeasyPrint may read only local files under reports/static and app/static, and data:
URLs (the charts); any other URL is refused. The documents are A4, tagged PDF/UA-1
(so screen readers get headings, tables and the charts' alt text), with title,
language and author in their metadata and their fonts embedded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.domain.wording import HIDDEN_COUNT
from app.formatters import FILTERS
from reports.charts import EXPORT_WIDTH, Chart
from reports.export import EXPORTER, ChartUnavailable, svg_data_url

REPORTS_DIR = Path(__file__).resolve().parent
STATIC_DIR = REPORTS_DIR / "static"
ALLOWED_DIRS = (STATIC_DIR, REPORTS_DIR.parent / "app" / "static")
AUTHOR = "Involvement Ladder"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # implies pdf_tags=True and PDF 1.7


@dataclass(frozen=True)
class PrintedChart:
    """A chart as it goes in a PDF: the SVG image, or a note saying why it is missing."""

    chart: Chart
    image: str | None  # data: URL of the SVG
    note: str | None  # "Chart not available: ..." when image is None


def print_charts(charts: Iterable[Chart], chromium: str | None) -> list[PrintedChart]:
    """Export each chart to SVG; chromium=None prints the notes only (the floor benchmark)."""
    return [_printed(chart, chromium) for chart in charts]


def _printed(chart: Chart, chromium: str | None) -> PrintedChart:
    if chromium is None:
        return PrintedChart(chart, None, "Chart not available: charts were left out of this copy.")
    try:
        svg = EXPORTER.svg(chart.figure, EXPORT_WIDTH, chart.height, chromium)
    except ChartUnavailable as reason:
        return PrintedChart(chart, None, f"Chart not available: {reason}")
    return PrintedChart(chart, svg_data_url(svg), None)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(REPORTS_DIR / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS, css_string=css_string)
    env.globals.update(author=AUTHOR, HIDDEN_COUNT=HIDDEN_COUNT)
    return env


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element (the footer's title).

    Other characters become escapes; CSS takes the space after an escape as its end."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;!?()'-" else f"\\{ord(ch):x} " for ch in text
    )
    return Markup(f'"{escaped}"')  # noqa: S704  (all but letters and . , : ; ! ? ( ) ' - escaped)


def render_html(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)


def _local_only_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Fetches data: URLs and files under ALLOWED_DIRS; refuses everything else."""

        def fetch(self, url, headers=None):
            if not is_allowed_url(url):
                raise ValueError(f"Reports may not load {url[:80]!r}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"data", "file"})


def is_allowed_url(url: str) -> bool:
    scheme = url.split(":", 1)[0].lower()
    if scheme == "data":
        return True
    if scheme != "file":
        return False
    path = Path(url2pathname(urlsplit(url).path)).resolve()
    return any(path.is_relative_to(folder) for folder in ALLOWED_DIRS)


_stylesheet_lock = threading.Lock()


@cache
def _stylesheet():
    """print.css, parsed once per process (it is small: the nhsuk CSS would cost 0.3 s)."""
    from weasyprint import CSS

    return CSS(filename=str(STATIC_DIR / "print.css"), url_fetcher=_local_only_fetcher())


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    with _stylesheet_lock:  # functools.cache does not stop two threads parsing at once
        stylesheet = _stylesheet()
    base_url = STATIC_DIR.as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=_local_only_fetcher())
    return document.write_pdf(
        stylesheets=[stylesheet], finisher=_figure_boxes_in_points, **PDF_OPTIONS
    )


CSS_PX_TO_PT = 0.75


def _figure_boxes_in_points(document, pdf) -> None:
    """WeasyPrint 70 tags each figure with its layout box in CSS pixels measured from the
    top of the page; PDF readers expect points from the bottom, so the boxes ran off the
    page. Rewrite them as PDF coordinates."""
    heights = {
        str(reference): page.height * CSS_PX_TO_PT
        for reference, page in zip(pdf.page_references, document.pages, strict=True)
    }
    for item in pdf.objects:
        if not isinstance(item, dict) or item.get("S") != "/Figure" or "A" not in item:
            continue
        x1, y1, x2, y2 = item["A"]["BBox"]
        height = heights[str(item["Pg"])]
        item["A"]["BBox"] = type(item["A"]["BBox"])(
            (
                x1 * CSS_PX_TO_PT,
                height - y2 * CSS_PX_TO_PT,
                x2 * CSS_PX_TO_PT,
                height - y1 * CSS_PX_TO_PT,
            )
        )


def render_pdf(template: str, **context) -> bytes:
    return html_to_pdf(render_html(template, **context))
