"""The chart builders (plain data in, figure + summary + table out), the SVG export
cache, and the charts on screen."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from config import Config
from reports import charts
from reports.charts import EXPORT_WIDTH
from reports.export import EXPORTER, ChartExporter, ChartUnavailable
from tests.journeys import close_round, members_answer, start_project

RUNGS = ["Inform", "Consult", "Engage", "Co-design", "Co-production"]


def all_text(chart: charts.Chart) -> str:
    """Every word a reader gets from the figure itself: bar labels and axis tick labels."""
    words = []
    for trace in chart.figure["data"]:
        words += [str(t) for t in trace.get("text", [])] + [str(y) for y in trace.get("y", [])]
    for axis in ("xaxis", "yaxis"):
        words += chart.figure["layout"].get(axis, {}).get("ticktext", [])
    return " | ".join(words)


def test_ladder_marks_the_rung_with_text_and_a_heavy_outline_not_colour_alone():
    chart = charts.ladder_chart(RUNGS, 4)
    bar = chart.figure["data"][0]
    assert "<b>4. Co-design: your project is here</b>" in bar["text"]
    assert bar["marker"]["line"]["width"] == [1, 1, 1, 5, 1]
    assert "red" not in json.dumps(chart.figure).lower()
    assert chart.summary.endswith("The project is on rung 4 of 5, Co-design.")
    assert chart.table.rows[1] == ("4", "Co-design", "Yes")  # highest rung first


def test_profile_has_a_bar_per_question_named_by_rung_and_too_few_as_text():
    chart = charts.profile_chart(RUNGS, [("Who decides", 2), ("Feedback", None)], placement=2)
    assert chart.figure["data"][0]["x"] == [2, 0]
    assert "Consult | Too few answers" in all_text(chart)
    # The rung scale is named on the axis, long names broken after the hyphen to fit phones.
    assert "5<br>Co-<br>production" in all_text(chart)
    assert chart.table.rows == (("Who decides", "2. Consult"), ("Feedback", "Too few answers"))
    assert "The dashed line marks the project's rung, Consult." in chart.summary


def test_scores_count_zero_scores_too():
    scores = charts.score_distribution_chart({5: 2, 1: 1}, 5)
    assert scores.table.rows[1] == ("1 out of 5", "1")
    assert scores.summary == "Quiz scores of 3 people, on average 3.7 out of 5."


def test_perspectives_need_two_groups_and_name_each_groups_rung():
    assert charts.perspective_chart(RUNGS, [("Staff", 4, 4)]) is None
    chart = charts.perspective_chart(
        RUNGS, [("Staff", 4, 4), ("People with lived experience", 3, None)]
    )
    assert chart.table.rows == (
        ("Staff", "4", "Co-design"),
        ("People with lived experience", "3", "Too few answers"),
    )
    shapes = chart.figure["data"][0]["marker"]["pattern"]["shape"]
    assert len(set(shapes)) == 2  # the groups differ by pattern, not colour alone


def test_rounds_need_two_and_questions_show_percent_right_with_short_labels():
    assert charts.rounds_chart(RUNGS, [("First round", 3)]) is None
    change = charts.rounds_chart(RUNGS, [("First round", 3), ("6 months on", None)])
    assert change.table.rows[1] == ("6 months on", "Not placed")
    story = "A mental health service for children wants an app to help young people cope"
    chart = charts.question_right_chart([(story, 1, 3), ("A letter", 0, 0)])
    assert chart.table.rows[0] == (f"Q1. {story}", "1", "3", "33%")
    assert chart.table.rows[1][3] == "0%"
    assert chart.figure["data"][0]["y"][0] == "Q1. A mental health service for\u2026"
    assert "Fewest got question 2 right (0%)." in chart.summary


def test_each_figure_is_exported_once_then_served_from_the_cache():
    chart = charts.score_distribution_chart({1: 7, 2: 11, 3: 13}, 3)  # used by no other test
    before = EXPORTER.stats.exports
    hits = EXPORTER.stats.cache_hits
    first = EXPORTER.svg(chart.figure, EXPORT_WIDTH, chart.height, Config.CHROMIUM_PATH)
    again = EXPORTER.svg(chart.figure, EXPORT_WIDTH, chart.height, Config.CHROMIUM_PATH)
    assert first == again and first.startswith("<svg")
    assert ">13<" in first and "3 out of 3" in first
    assert EXPORTER.stats.exports == before + 1
    assert EXPORTER.stats.cache_hits == hits + 1
    assert EXPORTER.stats.starts == 1  # one Chromium for the whole test run


def test_a_missing_chromium_is_a_plain_reason_not_an_error(tmp_path):
    chart = charts.ladder_chart(RUNGS, 1)
    try:
        EXPORTER.svg(chart.figure, EXPORT_WIDTH, chart.height, str(tmp_path / "chromium"))
    except ChartUnavailable as reason:
        assert str(reason).startswith("Chromium was not found at ")
    else:
        raise AssertionError("expected ChartUnavailable")


def test_a_chromium_that_will_not_start_is_reported_and_not_retried_at_once():
    exporter = ChartExporter()  # not the shared one: its Chromium keeps running
    chart = charts.ladder_chart(RUNGS, 2)
    for _ in range(2):
        try:
            exporter.svg(chart.figure, EXPORT_WIDTH, chart.height, "/bin/false")
        except ChartUnavailable as reason:
            assert str(reason).startswith("Chromium could not start (BrowserFailedError: ")
        else:
            raise AssertionError("expected ChartUnavailable")
    assert exporter.stats.starts == 0 and exporter.stats.exports == 0
    ok, reason = exporter.status("/bin/false")
    assert not ok and reason.startswith("Chromium could not start")


def test_results_page_embeds_the_figures_before_their_tables(app, client):
    token, code = start_project(client, "Charts on screen")
    members_answer(app, code, "engage", "staff", 3)
    members_answer(app, code, "consult", "lived-experience", 3)
    close_round(client, token)
    html = client.get(f"/assessment/results/{token}").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    for name, table_id in (("profile", "questions-table"), ("perspectives", "groups-table")):
        box = soup.select_one(f'[data-app-chart="chart-{name}-figure"]')
        assert box["aria-hidden"] == "true"
        figure = json.loads(soup.select_one(f"#chart-{name}-figure").string)
        assert figure["data"][0]["type"] == "bar"
        assert box.find_next("table")["id"] == table_id  # the table follows the chart
    module = soup.select_one("script[data-app-charts]")
    assert module["type"] == "module"
    assert re.fullmatch(r"/static/js/charts\.[0-9a-f]{12}\.mjs", module["src"])  # hashed name
    assert module.get("nonce")
    assert not soup.find("script", src=re.compile("plotly"))  # charts.mjs loads it
    charts = client.get(module["src"]).get_data(as_text=True)
    plotly = re.search(r'"\.\./build/plotly/(plotly-basic\.min\.[0-9a-f]{12}\.js)"', charts)
    assert client.get(f"/static/build/plotly/{plotly[1]}").status_code == 200


def test_pages_without_charts_do_not_load_them(client):
    for page in ("/", "/quiz/", "/assessment/"):
        assert "charts.mjs" not in client.get(page).get_data(as_text=True)


def test_text_typed_by_users_is_escaped_inside_charts():
    """plotly.js reads some tags in labels as markup: a round name cannot become a link."""
    name = '<a href="https://evil.example/">6 months on</a>'
    chart = charts.rounds_chart(RUNGS, [("First round", 2), (name, 3)])
    assert "<a href" not in json.dumps(chart.figure)
    assert "&lt;a href=" in json.dumps(chart.figure)
    assert chart.table.rows[1][0] == name  # the table shows it as typed (autoescaped there)
    # A trainer's own scenario names a question in the live page's and PDF's chart.
    scenario = "<b>Ward 7</b> story"
    chart = charts.question_right_chart([(scenario, 2, 3)])
    assert chart.figure["data"][0]["y"] == ["Q1. &lt;b&gt;Ward 7&lt;/b&gt; story"]
    assert chart.table.rows[0][0] == f"Q1. {scenario}"
