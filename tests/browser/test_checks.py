"""The browser checks themselves catch what they are there to catch, on pages made bad on
purpose (served in place of an address of the live server)."""

import pytest

from tests.browser.user import DESKTOP, KEYBOARD, NO_JAVASCRIPT, SMALL_SCREEN, User

pytestmark = pytest.mark.browser

# The app's own stylesheet and scripts.
HEAD = (
    '<link rel="stylesheet" href="/static/build/app.css">'
    '<script type="module" src="/static/js/init.mjs"></script>'
)


def page_html(body: str, header: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>A page - Involvement Ladder</title>{HEAD}'
        f'</head><body><a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>'
        f'<header>{header}</header><main id="maincontent"><h1>A page</h1>{body}</main>'
        "</body></html>"
    )


def serve(user: User, html: str, path: str = "/checks/page") -> str:
    user.page.route(f"**{path}", lambda route: route.fulfill(body=html, content_type="text/html"))
    return path


@pytest.mark.parametrize("mode", [DESKTOP, NO_JAVASCRIPT], ids=str)
def test_axe_violations_fail_with_the_rule_the_element_and_the_page(new_user, mode):
    user = new_user(mode)
    # Valid HTML, and no WCAG failure: a best-practice rule (two menus of the same name) fails it.
    path = serve(user, page_html('<nav><a href="/a">A</a></nav><nav><a href="/b">B</a></nav>'))
    with pytest.raises(AssertionError) as failure:
        user.visit(path)
    message = str(failure.value)
    assert "landmark-unique" in message and "<nav>" in message and path in message


def test_invalid_html_fails_with_the_checkers_message_and_the_line(new_user):
    user = new_user(DESKTOP)
    table = '<table><caption>Figures</caption><tr role="row"><td role="cell">1</td></tr></table>'
    path = serve(user, page_html(table))
    with pytest.raises(AssertionError) as failure:
        user.visit(path)
    message = str(failure.value)
    assert "Nu HTML Checker" in message and 'role="row"' in message and path in message


def test_a_title_without_error_while_an_error_summary_shows_fails(new_user):
    user = new_user(DESKTOP)
    summary = '<div class="nhsuk-error-summary" tabindex="-1"><h2>There is a problem</h2></div>'
    with pytest.raises(AssertionError, match="must start with 'Error: '"):
        user.visit(serve(user, page_html(summary)))


def test_a_page_wider_than_a_small_screen_fails(new_user):
    user = new_user(SMALL_SCREEN)
    wide = (
        '<p><img alt="" width="600" height="10" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        user.visit(serve(user, page_html(wide)))


def test_focus_without_a_visible_style_fails(new_user):
    user = new_user(KEYBOARD)
    path = serve(
        user,
        page_html(
            "", header='<a href="/" style="outline: 0; background: none; box-shadow: none">Home</a>'
        ),
    )
    user.visit(path)
    with pytest.raises(AssertionError, match="no visible focus style"):
        user.follow("Home")


def test_requests_to_another_host_are_reported(new_user):
    user = new_user(DESKTOP)
    user.page.route("http://elsewhere.invalid/**", lambda route: route.abort())
    user.page.goto(serve(user, page_html('<script src="http://elsewhere.invalid/x.js"></script>')))
    with pytest.raises(AssertionError, match="another host.*elsewhere.invalid"):
        user.recorder.assert_clean()
    user.recorder.requests.clear()  # seen: the test's own check at the end stays clean


def test_content_security_policy_refusals_are_reported(new_user):
    user = new_user(DESKTOP)
    html = page_html("<script>document.title = 'ran'</script>")
    user.page.route(
        "**/checks/csp",
        lambda route: route.fulfill(
            body=html,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
        ),
    )
    user.page.goto("/checks/csp")
    with pytest.raises(AssertionError, match="violates the following Content Security Policy"):
        user.recorder.assert_clean()
    user.recorder.problems.clear()


def test_a_chart_without_a_table_of_its_figures_fails(new_user):
    user = new_user(DESKTOP)
    chart = (
        '<div data-app-chart="scores" aria-hidden="true"></div><table><tr><td>1</td></tr></table>'
    )
    with pytest.raises(AssertionError, match="no captioned table of their figures: \\['scores'\\]"):
        user.visit(serve(user, page_html(chart)))
