"""`flask --app wsgi purge --older-than DAYS [--dry-run]`: retention of results."""

import datetime as dt

from sqlalchemy import func, select, update

from app.db import get_db
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    QuizAnswer,
    QuizAttempt,
    SessionTeam,
    Trainer,
    TrainingSession,
)
from tests.helpers import submit_form
from tests.journeys import (
    create_session,
    participant,
    self_assess,
    session_row,
    signed_in_client,
    take_quiz,
    team_ids,
)

NOW = dt.datetime.now(dt.UTC)


def _age(app, model, column, ids, days: int) -> None:
    with app.app_context():
        db = get_db()
        when = NOW - dt.timedelta(days=days)
        db.execute(update(model).where(model.id.in_(ids)).values({column: when}))
        db.commit()


def _counts(app) -> dict[str, int]:
    models = [TrainingSession, SessionTeam, QuizAttempt, QuizAnswer, Project, AssessmentRound]
    models += [MemberResponse, MemberAnswer, Trainer]
    with app.app_context():
        db = get_db()
        return {m.__name__: db.scalar(select(func.count()).select_from(m)) for m in models}


def _standalone_project(app, name: str) -> int:
    """A team's own self-assessment (not from a session), with one sent response."""
    response = submit_form(
        app.test_client(), "/assessment/", {"project_name": name, "team_name": "Ward 9"}
    )
    assert response.status_code == 302
    with app.app_context():
        project = get_db().scalar(select(Project).where(Project.project_name == name))
    self_assess(app, project.join_code, "consult")
    return project.id


def _world(app):
    """An old session with results, a recent one, an old and a recent lone quiz attempt,
    an old idle project and an old project with a recent round."""
    trainer = signed_in_client(app)
    old_session = create_session(trainer, "Old", assessment="yes", teams="Red")
    new_session = create_session(trainer, "New")
    red = team_ids(app, old_session)["Red"]
    participant(app, session_row(app, old_session).join_code, right=3, team_id=red)
    participant(app, session_row(app, new_session).join_code, right=3)
    with app.app_context():
        red_code = get_db().scalar(
            select(Project.join_code).where(Project.training_session_id == old_session)
        )
    self_assess(app, red_code, "engage")
    alone_old, alone_new = app.test_client(), app.test_client()
    take_quiz(alone_old, "is-it-co-production", right=1)
    take_quiz(alone_new, "is-it-co-production", right=2)
    idle = _standalone_project(app, "Idle project")
    active = _standalone_project(app, "Active project")
    with app.app_context():
        db = get_db()
        lone = db.scalars(
            select(QuizAttempt.id)
            .where(QuizAttempt.training_session_id.is_(None))
            .order_by(QuizAttempt.id)
        ).all()
        session_attempts = db.scalars(
            select(QuizAttempt.id).where(QuizAttempt.training_session_id == old_session)
        ).all()
    _age(app, TrainingSession, "created_at", [old_session], 400)
    _age(app, QuizAttempt, "started_at", [lone[0]], 400)
    # The old session's attempts go with it whatever their own age.
    _age(app, QuizAttempt, "started_at", session_attempts, 10)
    _age(app, Project, "created_at", [idle, active], 400)
    with app.app_context():
        db = get_db()
        rounds = select(AssessmentRound.id).where(AssessmentRound.project_id == idle)
        db.execute(
            update(AssessmentRound)
            .where(AssessmentRound.project_id == idle)
            .values(opened_at=NOW - dt.timedelta(days=400))
        )
        db.execute(
            update(MemberResponse)
            .where(MemberResponse.round_id.in_(rounds))
            .values(started_at=NOW - dt.timedelta(days=400))
        )
        db.execute(
            update(AssessmentRound)
            .where(AssessmentRound.project_id == active)
            .values(opened_at=NOW - dt.timedelta(days=400))
        )
        db.commit()  # `active` keeps a response started today
    return old_session, new_session, idle, active


def test_dry_run_counts_without_deleting(app, runner):
    _world(app)
    before = _counts(app)
    result = runner.invoke(args=["purge", "--older-than", "365", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would delete, older than 365 days" in result.output
    assert "1 training session(s)" in result.output
    assert "2 quiz attempt(s)" in result.output  # the old session's and the old lone one
    assert "2 team self-assessment(s)" in result.output  # the old session's and the idle one
    assert "Nothing was deleted (dry run)." in result.output
    assert _counts(app) == before


def test_purge_deletes_old_results_and_everything_linked(app, runner):
    old_session, new_session, idle, active = _world(app)
    before = _counts(app)
    result = runner.invoke(args=["purge", "--older-than", "365"])
    assert result.exit_code == 0, result.output
    assert "Deleted, older than 365 days" in result.output
    assert "1 training session(s)" in result.output
    after = _counts(app)
    assert after["TrainingSession"] == 1 and after["SessionTeam"] == 0
    assert after["QuizAttempt"] == before["QuizAttempt"] - 2
    assert after["QuizAnswer"] == before["QuizAnswer"] - 10
    assert after["Project"] == 1 and after["MemberResponse"] == 1
    assert after["MemberAnswer"] == before["MemberAnswer"] - 2 * 9
    assert after["Trainer"] == 1  # accounts are never purged
    with app.app_context():
        db = get_db()
        assert db.scalars(select(TrainingSession.id)).all() == [new_session]
        assert db.scalars(select(Project.id)).all() == [active]
    # Nothing is left to purge.
    assert "0 training session(s)" in runner.invoke(args=["purge", "--older-than", "365"]).output


def test_purge_defaults_to_retention_days(app, runner):
    _world(app)
    app.config["RETENTION_DAYS"] = 500
    result = runner.invoke(args=["purge", "--dry-run"])
    assert "older than 500 days" in result.output
    assert "0 training session(s)" in result.output and "0 quiz attempt(s)" in result.output
    assert runner.invoke(args=["purge", "--older-than", "-1"]).exit_code == 2
