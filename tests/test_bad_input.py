"""Hostile input to every POST route, found in app.url_map so new routes are covered too.

Hypothesis posts random and hostile values (huge strings, unicode, NUL bytes, numbers
where text goes, repeated fields, missing and extra fields, replayed posts, missing,
forged and other sessions' CSRF tokens) to each route, with real rows in its URL: a
trainer's session (signed in), a quiz attempt, a team's project and a member's response.
Whatever is sent: never a 500, a clear NHS page (an error page, or the form again with an
error summary), and when the post is refused, nothing in the database changes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app import create_app
from app.assessment.queries import close_round, latest_round, open_round
from app.codes import new_join_code, new_token
from app.db import Base, get_db
from app.domain.report_jobs import SESSION_REPORT
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    QuizAnswer,
    QuizAttempt,
    ReportJob,
    SessionTeam,
    Trainer,
    TrainingSession,
)
from app.plan.queries import add_action
from app.trainer.passwords import hash_password
from drive.pages import Form, Page
from tests.factories import OwnQuizFactory, ProjectFactory, ResponseFactory
from tests.helpers import submit_form, text_of

QUIZ_ID = "is-it-co-production"
_trainers = itertools.count()
URL_RULES = list(create_app("test").url_map.iter_rules())
POST_RULES = {rule.endpoint: rule for rule in URL_RULES if "POST" in rule.methods}
# Form fields of this app, so posts also land on names the routes read.
FIELD_NAMES = [
    *("answer", "code", "name", "label", "perspective", "team", "email", "password"),
    *("question_id", "project_name", "team_name", "description", "teams", "quiz"),
    *("includes_assessment", "held_on-day", "held_on-month", "held_on-year"),
    *("current_password", "new_password", "confirm_password"),
    *("title", "introduction", "scenario", "explanation", "talk_about", "quiz_file"),
]
HOSTILE_VALUES = [
    *("", " ", "\x00", "a\x00b", "\r\n", "\u202e", "\ufeff", "\U0001d518\U0001d52b"),
    *("<script>alert(1)</script>", "' OR '1'='1", '=HYPERLINK("http://x")', "../../etc/passwd"),
    *("-1", "0", "1e309", "NaN", "99999999999999999999999", "None", "null", "true", "[]"),
    "A" * 300,
]
REFUSED = {400, 403, 404, 405, 409, 413, 429}
ACCEPTED = {302, 303}


class World:
    """Real rows to name in URLs: a signed-in trainer's session with teams, a participant's
    quiz attempt with one answer, the team's project with a member's response with one
    answer. One browser is both the trainer and the participant (who joined the session)."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.stale = False
        content = app.extensions["content"]
        quiz, assessment = content.quizzes[QUIZ_ID], content.default_assessment
        with app.app_context():
            db = get_db()
            trainer = Trainer(
                email=f"trainer{next(_trainers)}@example.nhs.uk",
                password_hash=hash_password("correct horse battery"),
            )
            team = SessionTeam(name="Red", position=0)
            training = TrainingSession(
                trainer=trainer,
                name="Bad input",
                held_on=dt.date(2026, 4, 3),
                quiz_id=quiz.id,
                includes_assessment=True,
                join_code=new_join_code(),
                teams=[team, SessionTeam(name="Blue", position=1)],
            )
            attempt = QuizAttempt(
                public_id=new_token(),
                quiz_id=quiz.id,
                quiz_version=quiz.version,
                content_hash=quiz.content_hash,
                total=len(quiz.asked(None)),
            )
            first = quiz.asked(None)[0]  # an attempt from before draws asks these
            attempt.answers.append(
                QuizAnswer(
                    question_id=first.id, position=1, chosen=first.answer.id, is_correct=True
                )
            )
            project = Project(
                results_token=new_token(),
                join_code=new_join_code(),
                assessment_id=assessment.id,
                project_name="Red project",
                team_name="Red",
            )
            first_round = AssessmentRound(
                number=1,
                label="First round",
                assessment_version=assessment.version,
                content_hash=assessment.content_hash,
            )
            project.rounds.append(first_round)
            response = MemberResponse(public_id=new_token(), perspective="staff")
            response.answers.append(MemberAnswer(dimension_id=assessment.questions[0].id, level=1))
            first_round.responses.append(response)
            db.add_all([training, attempt, project])
            db.flush()
            # A report the trainer asked for that failed: its page and "Try again" exist.
            job = ReportJob(
                trainer_id=trainer.id,
                training_id=training.id,
                kind=SESSION_REPORT.id,
                fingerprint="0" * 64,
                state="failed",
                filename="bad-input-session-report.pdf",
            )
            db.add(job)
            db.flush()
            # The trainer's own quiz, ready to use: its pages, preview and scenarios.
            own = OwnQuizFactory._make(db, trainer=trainer, title="Bad input quiz", scenarios=5)
            attempt.training_session_id = project.training_session_id = training.id
            attempt.team_id = project.session_team_id = team.id
            db.commit()
            email, joined = (
                trainer.email,
                {
                    "training_session_id": training.id,
                    "team_id": team.id,
                },
            )
            # The member's browser keeps its response (app/assessment/routes.py).
            responses = {str(first_round.id): response.public_id}
            # What each blueprint's URL arguments name; (None, arg) serves every blueprint.
            self.args = {
                ("quiz", "quiz_id"): quiz.id,
                ("quiz", "public_id"): attempt.public_id,
                ("quiz", "n"): 2,
                ("assessment", "code"): project.join_code,
                ("assessment", "public_id"): response.public_id,
                ("assessment", "number"): 2,
                ("assessment", "token"): project.results_token,
                ("assessment", "members_token"): project.members_token,
                ("training", "code"): training.join_code,
                ("downloads", "public_id"): attempt.public_id,
                ("downloads", "kind"): SESSION_REPORT.id,
                ("downloads.report_job", "public_id"): job.public_id,
                ("downloads.retry_report_job", "public_id"): job.public_id,
                ("downloads.report_job_file", "public_id"): job.public_id,
                ("downloads.report_job_status", "public_id"): job.public_id,
                ("downloads", "token"): project.results_token,
                ("own_quizzes", "own_quiz_id"): own.id,
                ("own_quizzes", "n"): 1,
                **self._plan_args(assessment),
                (None, "training_id"): training.id,
                (None, "project_id"): project.id,
            }
        # Signed in through the form (a session from sign-in on), then joined.
        signed_in = submit_form(
            self.client, "/trainer/sign-in", {"email": email, "password": "correct horse battery"}
        )
        assert signed_in.status_code == 302
        with self.client.session_transaction() as cookie:
            cookie["joined"] = joined
            cookie["assessment_responses"] = responses
        self._forms: dict[str, Form | None] = {}
        # CSRF tokens: this browser's own, and another browser's (valid, but not for us).
        self.tokens = {
            "own": csrf_token_of(self.client),
            "forged": "IjAwMDAi.forged.token",
            "another's": csrf_token_of(app.test_client()),
        }

    @staticmethod
    def _plan_args(assessment) -> dict:
        """A second project whose first round closed with results and has one action, and
        whose second round is open: the team's agree, target, plan and review pages exist
        only then."""
        db = get_db()
        project = ProjectFactory(project_name="Plan project", team_name="Green")
        first_round = latest_round(db.merge(project))
        ResponseFactory.create_batch(3, assessment_round=first_round, rung="consult")
        close_round(db, first_round)
        action_id = add_action(
            db,
            first_round.id,
            dimension_ids=[assessment.questions[0].id],
            what="Ask the patient group",
            lead="Ward manager",
            lived_experience="Two members",
            support="",
            due_on=dt.date.today() + dt.timedelta(days=30),
        )
        open_round(db, db.merge(project), assessment, "Round 2")
        db.commit()
        return {
            ("plan", "token"): project.results_token,
            ("plan", "number"): 1,
            ("plan", "dimension_id"): assessment.questions[0].id,
            ("plan", "action_id"): action_id,
        }

    def page(self, url: str) -> Page:
        response = self.client.get(url)
        return Page(response.status_code, f"http://localhost{url}", response.get_data(True))

    def form(self, rule, url: str) -> Form | None:
        """The form on the route's own page, fetched once per world: a refused post changes
        nothing, and an accepted one makes the world stale (a new world fetches again)."""
        if url not in self._forms:
            forms = self.page(url).forms() if "GET" in rule.methods else []
            self._forms[url] = forms[0] if forms else None
        return self._forms[url]

    def fields_and_options(self, rule, url: str) -> tuple[list[str], list[str]]:
        """The field names and offered values of the form on the route's own page."""
        form = self.form(rule, url) or Form(url, "post")
        options = [value for values in form.choices.values() for value in values]
        return [*form.fields, *form.choices], options

    def url_for(self, rule) -> str:
        blueprint = rule.endpoint.split(".")[0]
        values = {}
        for arg in rule.arguments:
            value = self.args.get((rule.endpoint, arg))
            value = value or self.args.get((blueprint, arg), self.args.get((None, arg)))
            if value is None:
                pytest.fail(f"No real value for <{arg}> of {rule.rule}: add one to World.args")
            values[arg] = value
        return rule.build(values)[1]


def database_rows(app) -> dict[str, list]:
    """Every row of every table: what must not change when a post is refused."""
    with app.extensions["db_engine"].connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in Base.metadata.sorted_tables
        }


def world_of(app) -> World:
    world = app.extensions.get("bad_input_world")
    if world is None or world.stale:
        world = app.extensions["bad_input_world"] = World(app)
    return world


def csrf_token_of(client) -> str:
    return Page(200, "/join", client.get("/join").get_data(True)).form().hidden["csrf_token"]


def hostile_value(options: list[str]):
    return st.one_of(
        st.sampled_from(HOSTILE_VALUES),
        st.text(max_size=40),
        st.integers().map(str),
        st.just("x" * 100_000),
        *([st.sampled_from(options)] if options else []),
    )


@st.composite
def hostile_posts(draw, fields: list[str], options: list[str]):
    """Form data: some of the route's fields and others, each value hostile (repeated
    values stand for a list where one value belongs)."""
    names = draw(st.lists(st.sampled_from(fields + FIELD_NAMES), max_size=6, unique=True))
    names += draw(st.lists(st.text(min_size=1, max_size=12), max_size=2))
    return [
        (name, value)
        for name in names
        for value in draw(st.lists(hostile_value(options), min_size=1, max_size=2))
    ]


@pytest.mark.parametrize("endpoint", sorted(POST_RULES))
@settings(
    max_examples=12,  # per route and database, each run: the suite must stay quick
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_posts_are_refused_clearly_and_change_nothing(app, endpoint, data):
    world = world_of(app)
    rule = POST_RULES[endpoint]
    url = world.url_for(rule)
    posted = data.draw(hostile_posts(*world.fields_and_options(rule, url)), label="form data")
    token = data.draw(st.sampled_from(["own", "own", "own", "none", "forged", "another's"]))
    if token != "none":
        posted.append(("csrf_token", world.tokens[token]))
    sends = data.draw(st.integers(1, 2), label="times sent")  # 2: a replayed post

    before = database_rows(app)
    statuses = []
    for _ in range(sends):
        response = world.client.post(url, data=MultiDict(posted))
        statuses.append(status := response.status_code)
        assert status in REFUSED | ACCEPTED | {200}, f"{url} gave {status}"
        if status == 200:
            assert "There is a problem" in text_of(response), f"{url}: 200 without an error"
    if ACCEPTED & set(statuses):
        # Valid after all (free text is free): the world may have changed, so start afresh.
        world.stale = True
    else:
        assert database_rows(app) == before, f"{url} changed the database on a refused post"


@pytest.mark.parametrize("endpoint", sorted(POST_RULES))
def test_oversized_posts_are_refused_and_store_nothing(app, endpoint):
    world = world_of(app)
    url = world.url_for(POST_RULES[endpoint])
    limit = app.config["MAX_CONTENT_LENGTH"]
    before = database_rows(app)
    data = {"csrf_token": world.tokens["own"], "answer": "x" * (limit + 1)}
    response = world.client.post(url, data=data)
    assert response.status_code == 413
    assert "That was too much to send" in text_of(response)
    assert database_rows(app) == before


# Each of these in each field of each form, the rest of the form filled in as a person would.
NASTY = ["\x00", "x" * 100_000, "-1", "99999999999999999999", "\u202e<script>x</script>", ""]


@pytest.mark.parametrize("endpoint", sorted(POST_RULES))
def test_every_field_of_every_form_refuses_nasty_values(app, endpoint):
    rule = POST_RULES[endpoint]
    fields, _ = world_of(app).fields_and_options(rule, world_of(app).url_for(rule))
    for field in fields or ["answer"]:
        for value in NASTY:
            world = world_of(app)
            url = world.url_for(rule)
            form = world.form(rule, url)
            data = MultiDict(form.hidden if form else {"csrf_token": world.tokens["own"]})
            if form:
                for name, options in form.choices.items():
                    data[name] = options[0]
                for name in form.fields:
                    data.setdefault(name, "12")
            data[field] = value
            before = database_rows(app)
            response = world.client.post(url, data=data)
            assert response.status_code in REFUSED | ACCEPTED | {200}, (field, value[:20])
            if response.status_code in ACCEPTED:
                world.stale = True
                continue
            if response.status_code == 200:
                assert "There is a problem" in text_of(response), (url, field, value[:20])
            assert database_rows(app) == before, (url, field, value[:20])


BAD_IN_URLS = {
    "string": ["ZZZZZZ", "zz-zz", "A" * 43, "not a token", "\u0417" * 6, "x" * 300],
    "int": [0, 999_999, 2**31, 10**20],
}


@pytest.mark.parametrize(
    "rule",
    [r for r in URL_RULES if r.arguments and r.endpoint != "static"],
    ids=lambda rule: rule.endpoint,
)
def test_unknown_or_malformed_ids_and_codes_in_urls_give_the_404_page(app, rule):
    world = world_of(app)
    for arg in rule.arguments:
        kind = "int" if re.search(rf"<int(\([^)]*\))?:{arg}>", rule.rule) else "string"
        for bad in BAD_IN_URLS[kind]:
            good = dict(world.args)
            blueprint = rule.endpoint.split(".")[0]
            world.args = {
                **good,
                (rule.endpoint, arg): bad,
                (blueprint, arg): bad,
                (None, arg): bad,
            }
            try:
                url = world.url_for(rule)
            finally:
                world.args = good
            if "GET" in rule.methods:
                response = world.client.get(url, follow_redirects=True)
                assert response.status_code == 404, f"GET {url}"
                assert "Page not found" in text_of(response)
            if "POST" in rule.methods:
                response = world.client.post(url, data={"csrf_token": world.tokens["own"]})
                assert response.status_code == 404, f"POST {url} gave {response.status_code}"


GET_RULES = [
    rule
    for rule in URL_RULES
    if "GET" in rule.methods
    and rule.endpoint != "static"
    and not rule.rule.endswith((".pdf", ".zip"))  # slow, and covered by the report tests
]


def test_pages_fetched_with_get_change_nothing(app):
    """On SQLite a GET reads in a deferred transaction that cannot safely start writing
    (app/sqlite_tuning.py), so no page may write when it is only fetched."""
    world = world_of(app)
    before = database_rows(app)
    for rule in GET_RULES:
        response = world.client.get(world.url_for(rule))
        response.get_data()  # a streamed download (CSV) runs to its end
        response.close()
        # A self-paced session has no paced room: those addresses are a 404 there.
        # A failed report has no file to download either.
        not_here = {"training.room", "training.room_key", "downloads.report_job_file"}
        expected = {404} if rule.endpoint in not_here else {200, 302, 303}
        assert response.status_code in expected, f"GET {rule.rule}"
    assert database_rows(app) == before
