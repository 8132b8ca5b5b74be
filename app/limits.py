"""Rate limits on the routes anyone can use without signing in, and on guessing join codes.

Counted per client address (after TRUSTED_PROXIES, see app/security.py) in the shared
storage (RATELIMIT_STORAGE_URI), so every worker and instance counts in one place.

A training room of 200 people often sits behind one address (a trust's NAT), so every
limit here lets a whole room through with room to spare; `make bench-load` runs such a
room (200 people on one address) and must see no 429. What the limits stop is a script:
hundreds of attempts or PDFs a second, or an endless walk through possible join codes.
The sign-in limits are in app/trainer/auth.py.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request
from limits import parse

from app.codes import CODE_ALPHABET, CODE_LENGTH
from app.extensions import limiter

# A room presses Start within seconds of "go" (200 in about 5 s in the load benchmark);
# some start again. A script gets 5 a second instead of hundreds.
QUIZ_STARTS_PER_ADDRESS = "300 per minute"
# Team leads starting a self-assessment: a whole room could each start one.
PROJECTS_PER_ADDRESS = "300 per hour"
# A PDF costs 0.2 to 1.5 s of a web worker (session reports and ZIPs are prepared by a
# job, and asking for one counts here too): a room downloads each person's quiz summary
# and each team's report at the end (about 230); shared by all PDF routes.
PDFS_PER_ADDRESS = "300 per 10 minutes"

# Join codes: only a well-formed code that matches nothing counts (a typo in a code's
# shape is refused without a lookup). A room mistypes a few; a guesser needs millions:
#   codes possible        31 ** 8 = 852,891,037,441  (CODE_ALPHABET, CODE_LENGTH)
#   live codes            1,000 (many more sessions and projects than this service sees)
#   expected guesses      (31 ** 8 + 1) / (1,000 + 1) = 852,038,998 to hit one
#   guesses a year        100 an hour * 8,760 hours = 876,000 from one address
#   time to find one      852,038,998 / 876,000 = about 973 years
# Codes made before codes grew to 8 characters have 6 (31 ** 6 = 887,503,681), and still
# work: (31 ** 6 + 1) / 1,001 = 886,617 guesses, over a year at 876,000 a year.
# tests/test_limits.py checks this arithmetic against the constants.
CODE_GUESSES_PER_ADDRESS = "100 per hour"
HOURS_A_YEAR = 365 * 24

# Endpoint -> (limit, methods). Applied to the view functions when the app is built, so a
# route in a blueprint gets its limit without the blueprint knowing.
ROUTE_LIMITS = {
    "quiz.start": (QUIZ_STARTS_PER_ADDRESS, ["POST"]),
    "assessment.start": (PROJECTS_PER_ADDRESS, ["POST"]),
}
PDF_ENDPOINTS = (
    "downloads.team_report",
    "downloads.plan_on_a_page",
    "downloads.session_team_report",
    "downloads.prepare_report",
    "downloads.retry_report_job",
    "downloads.quiz_summary",
)

_CODE_GUESSES = parse(CODE_GUESSES_PER_ADDRESS)


def expected_guesses(live_codes: int, code_length: int = CODE_LENGTH) -> float:
    """Guesses, on average, to hit one of `live_codes` codes (drawn without repeats)."""
    return (len(CODE_ALPHABET) ** code_length + 1) / (live_codes + 1)


def guesses_a_year() -> int:
    per_hour = _CODE_GUESSES.amount * 3600 / _CODE_GUESSES.get_expiry()
    return int(per_hour * HOURS_A_YEAR)


def _code_guess_key() -> tuple[str, str]:
    return ("code-guess", request.remote_addr or "unknown")


def _looks_up_a_code() -> bool:
    """Requests that try a join code: a URL with <code>, or the code typed on /join."""
    if request.view_args and "code" in request.view_args:
        return True
    return request.endpoint == "join.enter_code" and request.method == "POST"


def _refuse_when_guessing() -> None:
    if _looks_up_a_code() and not limiter.limiter.test(_CODE_GUESSES, *_code_guess_key()):
        abort(429)


def note_unknown_code() -> None:
    """Count a well-formed code that matched nothing against this address."""
    limiter.limiter.hit(_CODE_GUESSES, *_code_guess_key())


def _count_code_misses(response: Response) -> Response:
    # A code in the URL that found nothing is a 404 (/join counts its own misses).
    if response.status_code == 404 and request.view_args and "code" in request.view_args:
        note_unknown_code()
    return response


def init_app(app: Flask) -> None:
    """Call after the blueprints are registered."""
    for endpoint, (limit, methods) in ROUTE_LIMITS.items():
        app.view_functions[endpoint] = limiter.limit(limit, methods=methods)(
            app.view_functions[endpoint]
        )
    pdfs = limiter.shared_limit(PDFS_PER_ADDRESS, scope="pdf")
    for endpoint in PDF_ENDPOINTS:
        app.view_functions[endpoint] = pdfs(app.view_functions[endpoint])
    app.before_request(_refuse_when_guessing)
    app.after_request(_count_code_misses)
