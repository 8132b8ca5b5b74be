"""The pages every journey starts from, and the error pages, in every way people use them."""

import pytest

from tests.browser.user import User

pytestmark = pytest.mark.browser

SERVICE = " - Involvement Ladder"


def test_home_learn_accessibility_and_privacy(user: User):
    user.visit("/")
    assert user.title == "Learn and measure co-production" + SERVICE
    assert "Learn the difference between informing, consulting" in user.text()

    user.follow("Read what makes good co-production")
    assert user.title == "What makes good co-production" + SERVICE
    assert "The ladder of involvement" in user.text()

    user.follow("Accessibility statement")
    assert user.title == "Accessibility statement" + SERVICE

    user.follow("Privacy")
    assert user.title == "Privacy" + SERVICE
    assert "We do not ask for your name" in user.text()


AREAS = {
    "Quiz": "Take a quiz",
    "Team self-assessment": "Start a team self-assessment",
    "Join with a code": "Enter your join code",
    "Trainers": "Sign in",
}


def test_the_header_menu_reaches_each_area(user: User):
    user.visit("/privacy")
    for area, title in AREAS.items():
        more = user.page.get_by_role("button", name="Browse More")
        if more.is_visible():  # a narrow screen with JavaScript: some links are behind "More"
            user.press("Browse More", loads_page=False)
            assert more.get_attribute("aria-expanded") == "true"
            user.check()
        user.follow(area)
        assert user.title == title + SERVICE


def test_join_code_errors_show_a_summary_that_leads_to_the_field(user: User):
    user.visit("/")
    user.follow("enter your code")
    assert user.title == "Enter your join code" + SERVICE

    user.press("Continue")
    assert user.title == "Error: Enter your join code" + SERVICE
    assert "Enter your join code" in user.text(".nhsuk-error-summary")
    user.use_error_link("Enter your join code")

    user.fill("Enter your join code", "ZZZ999")
    user.press("Continue")
    assert "We could not find that code" in user.text(".nhsuk-error-summary")


def test_unknown_page_gives_the_page_not_found_page(user: User):
    user.visit("/no-such-page", status=404)
    assert user.title == "Page not found" + SERVICE
    user.follow("Go to the Involvement Ladder home page")
    assert user.title == "Learn and measure co-production" + SERVICE


def test_a_form_sent_after_its_cookie_is_gone_gets_the_timed_out_page(user: User):
    user.visit("/join")
    user.page.context.clear_cookies()  # the session (and its form token) has expired
    user.fill("Enter your join code", "ABC234")
    user.press("Continue", status=400)
    assert user.title == "Your page timed out" + SERVICE
    assert "Nothing was saved from that page" in user.text()


def test_a_new_page_leaves_focus_alone_and_tab_starts_at_the_skip_link(new_user):
    from tests.browser.user import KEYBOARD

    person = new_user(KEYBOARD)
    person.visit("/")
    page = person.page
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('nhsuk-skip-link')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'maincontent'")
    # The next Tab goes into the page's own content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
