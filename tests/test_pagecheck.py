"""The page-check helper must fail on pages that break each rule, and pass a good page."""

import pytest

from tests.pagecheck import PageProblem, check_page, page_problems

GOOD = """<!DOCTYPE html><html lang="en"><head><title>Start - Involvement Ladder</title>
<meta name="description" content="Start here.">
<link rel="stylesheet" href="/static/build/app.css"></head><body>
<h1 id="top">Start</h1><form method="post"><input type="hidden" name="csrf_token" value="x">
<input id="code" name="code"></form></body></html>"""


def test_a_good_page_passes():
    check_page(GOOD)


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (GOOD.replace(' lang="en"', ""), 'lang="en"'),
        (GOOD.replace(' lang="en"', ' lang="fr"'), 'lang="en"'),
        (GOOD.replace("Start - Involvement Ladder", ""), "no <title>"),
        (GOOD.replace('<h1 id="top">Start</h1>', ""), "exactly one <h1>, found 0"),
        (GOOD.replace("</h1>", "</h1><h1>Again</h1>"), "exactly one <h1>, found 2"),
        (GOOD.replace('id="code"', 'id="top"'), "ids used more than once: top"),
        (GOOD.replace('name="csrf_token"', 'name="token"'), "no csrf_token"),
        (
            GOOD.replace('<meta name="description" content="Start here.">', ""),
            "no meta description",
        ),
        (GOOD.replace("</form>", '</form><p><span role="text">A</span></p>'), "not an ARIA role"),
        (
            GOOD.replace(
                "</form>", '</form><table><tr role="row"><td role="cell">1</td></tr></table>'
            ),
            'role="row" on a native <tr>',
        ),
        (
            GOOD.replace("/static/build/app.css", "https://cdn.example.com/app.css"),
            "loads from another host",
        ),
    ],
)
def test_each_broken_rule_is_reported(broken, expected):
    with pytest.raises(PageProblem, match=expected):
        check_page(broken)


def test_error_summary_needs_error_title_and_working_links():
    summary = (
        '<div class="nhsuk-error-summary"><ul><li><a href="#missing">Enter a code</a></li>'
        "</ul></div>"
    )
    page = GOOD.replace("<h1", summary + "<h1")
    problems = page_problems(page)
    assert any('title starting "Error: "' in p for p in problems)
    assert any("'#missing' points at no element" in p for p in problems)

    fixed = page.replace("#missing", "#code").replace("<title>", "<title>Error: ")
    assert page_problems(fixed) == []


def test_error_summary_without_links_is_reported():
    page = GOOD.replace("<h1", '<div class="nhsuk-error-summary"></div><h1').replace(
        "<title>", "<title>Error: "
    )
    assert page_problems(page) == ["the error summary has no links to the fields in error"]


def test_error_summary_links_reach_something_that_takes_focus_with_words_of_their_own():
    summary = (
        '<div class="nhsuk-error-summary"><ul><li><a href="#row-2">Answer question 2</a></li>'
        "</ul></div>"
    )
    rows = (
        '<dl><div id="row-2"><dd><a href="/q/2" id="answer-2">Answer question 2</a></dd></div></dl>'
    )
    page = GOOD.replace("<h1", summary + "<h1").replace("</form>", "</form>" + rows)
    page = page.replace("<title>", "<title>Error: ")
    problems = page_problems(page)
    assert any("'#row-2' points at a <div>, which cannot take focus" in p for p in problems)
    assert any("'Answer question 2' has the words of another link" in p for p in problems)

    fixed = page.replace("#row-2", "#answer-2").replace(
        ">Answer question 2</a></li>", ">You have not answered question 2</a></li>"
    )
    assert page_problems(fixed) == []
