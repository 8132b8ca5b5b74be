"""Rounds and quiz attempts keep the wording they were answered with, across content changes
and across the migration that started keeping it; and starting responses is rate limited."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from alembic import command
from sqlalchemy import create_engine, select, text

from app import create_app
from app.cli import alembic_config
from app.db import get_db
from app.domain.content import load_library
from app.models import ContentSnapshot, MemberAnswer, Project, QuizAttempt
from app.quiz.queries import asked_in, quiz_of
from tests.helpers import submit_form, text_of
from tests.journeys import close_round, members_answer, start_project, take_quiz

ROOT = Path(__file__).resolve().parent.parent


def reworded_library(tmp_path: Path, quiz_question_id: str = ""):
    """Today's content with the assessment's first question and a quiz question reworded."""
    content = tmp_path / "quizzes"
    shutil.copytree(ROOT / "quizzes", content)
    assessment_file = content / "assessments" / "team-self-assessment.yaml"
    data = yaml.safe_load(assessment_file.read_text())
    data["questions"][0]["dimension"] = "First contact with people"
    data["version"] += 1
    assessment_file.write_text(yaml.safe_dump(data, sort_keys=False))
    quiz_file = content / "is-it-co-production.yaml"
    quiz = yaml.safe_load(quiz_file.read_text())
    for question in quiz["questions"]:
        if question["id"] == quiz_question_id:
            question["explanation"] = "A new explanation written after the first attempt."
    quiz["version"] += 1
    quiz_file.write_text(yaml.safe_dump(quiz, sort_keys=False))
    return load_library(content)


def test_a_round_keeps_its_wording_after_the_content_changes(app, client, tmp_path):
    original = app.extensions["content"].default_assessment.questions[0].name
    token, code = start_project(client, "Wording kept")
    members_answer(app, code, "engage", "staff", 3)
    close_round(client, token)
    app.extensions["content"] = reworded_library(tmp_path)

    first = text_of(client.get(f"/assessment/results/{token}"))
    assert original in first and "First contact with people" not in first

    # A new round uses today's wording; the comparison matches questions by id.
    submit_form(client, f"/assessment/results/{token}", {"label": "Later"})
    members_answer(app, code, "co-design", "staff", 3)
    close_round(client, token)
    later = text_of(client.get(f"/assessment/results/{token}"))
    assert "First contact with people Engage Co-design Up 1 rung" in later
    assert original in text_of(
        client.get(f"/assessment/results/{token}", query_string={"round": 1})
    )


def test_a_quiz_attempt_keeps_its_explanations_after_the_quiz_changes(app, client, tmp_path):
    take_quiz(client, "is-it-co-production", right=5)
    with app.app_context():
        attempt = get_db().scalar(select(QuizAttempt))
        public_id, first = attempt.public_id, asked_in(attempt, quiz_of(get_db(), attempt))[0]
    explanation = first.explanation
    app.extensions["content"] = reworded_library(tmp_path, first.id)
    result = text_of(client.get(f"/quiz/a/{public_id}/1/feedback"))
    assert " ".join(explanation.split()) in result
    assert "A new explanation written after the first attempt." not in result


def test_the_migration_keeps_old_rounds_readable(tmp_path):
    """A database made before rounds could close: its rows gain what the new code needs."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app("test", {"DATABASE_URL": url})
    with app.app_context():
        command.upgrade(alembic_config(), "8a9ea7b45b71")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO projects (id, results_token, join_code, assessment_id, "
                "project_name, team_name, description, created_at) VALUES "
                "(1, 'r' || hex(randomblob(20)), 'ABC234', 'team-self-assessment', 'Old', "
                "'Team', '', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO assessment_rounds (id, project_id, number, label, "
                "assessment_version, content_hash, opened_at) VALUES "
                "(1, 1, 1, 'First round', 1, '325abe293a91', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO member_responses (id, public_id, round_id, perspective, started_at) "
                "VALUES (1, 'p' || hex(randomblob(20)), 1, 'staff', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO member_answers (response_id, dimension_id, level, answered_at) "
                "VALUES (1, 'decisions', NULL, CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()
    with app.app_context():
        command.upgrade(alembic_config(), "head")
        db = get_db()
        project = db.scalar(select(Project))
        assert len(project.members_token) >= 40 and project.members_token != project.results_token
        assert db.scalar(select(MemberAnswer.skipped)) == "not-sure"
        kept = db.get(ContentSnapshot, "325abe293a91")
        assert kept is not None and kept.version == 1
        # The first published wording, as the round was answered.
        assert "When did people who use the service" in kept.body


def test_starting_responses_is_rate_limited(make_app):
    app = make_app(RESPONSE_START_LIMIT="2 per minute")
    client = app.test_client()
    _token, code = start_project(client, "Limited")
    for _ in range(2):
        started = submit_form(
            app.test_client(), f"/assessment/join/{code}", {"perspective": "staff"}
        )
        assert started.status_code == 302
    refused = submit_form(app.test_client(), f"/assessment/join/{code}", {"perspective": "staff"})
    assert refused.status_code == 429
    assert "Too many" in text_of(refused) or "try again" in text_of(refused).lower()
