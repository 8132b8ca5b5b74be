"""How long the PDF reports take on this machine (`make bench-reports`). Not a test.

Builds a training session of 30 teams in a throwaway SQLite database (real rows: quiz
attempts with their answers, and five submitted self-assessments per team), then asks
the app for each download through its routes and prints the median times:

- the team report with its charts exported (cache emptied before each run), and cached;
- the session report for 30 teams (charts exported), and the ZIP of the 30 team reports;
- the floor: the same team report's HTML rendered by WeasyPrint with no charts.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.assessment.queries import RESULTS_LOAD_OPTIONS, project_by_token  # noqa: E402
from app.assessment.team_results import team_results  # noqa: E402
from app.content import library  # noqa: E402
from app.db import Base, get_db  # noqa: E402
from app.domain.scoring import score_quiz  # noqa: E402
from app.models import (  # noqa: E402
    MemberAnswer,
    MemberResponse,
    QuizAnswer,
    QuizAttempt,
    Trainer,
    utcnow,
)
from app.trainer.accounts import create_trainer  # noqa: E402
from app.trainer.queries import (  # noqa: E402
    create_training,
    training_projects,
    training_questions,
)
from reports.export import EXPORTER  # noqa: E402
from reports.team import team_report_pdf  # noqa: E402

TEAMS = 30
QUIZ_TAKERS_PER_TEAM = 5
MEMBERS_PER_TEAM = 5
QUIZ_ID = "is-it-co-production"
PERSPECTIVES = ("staff", "staff", "lived-experience", "carer", "volunteer")


def build_session(app) -> tuple[int, int, str]:
    """The trainer's id, the session's id and one team's results token."""
    rng = random.Random(6)
    with app.app_context():
        db = get_db()
        content = library()
        quiz = content.quiz(QUIZ_ID)
        assessment = content.default_assessment
        trainer = create_trainer(db, "bench@example.nhs.uk", "a long bench password")
        training = create_training(
            db,
            trainer,
            name="Benchmark session",
            held_on=dt.date(2025, 3, 27),
            quiz=quiz,
            team_names=[f"Team {n}" for n in range(1, TEAMS + 1)],
            assessment=assessment,
        )
        db.flush()
        for team in training.teams:
            for _ in range(QUIZ_TAKERS_PER_TEAM):
                asked = training_questions(training, quiz)
                chosen = {q.id: rng.choice(q.options).id for q in asked}
                attempt = QuizAttempt(
                    public_id=f"bench-{rng.getrandbits(64):016x}",
                    quiz_id=quiz.id,
                    quiz_version=quiz.version,
                    content_hash=quiz.content_hash,
                    question_ids=training.quiz_question_ids,
                    total=len(asked),
                    score=score_quiz(asked, chosen).correct,
                    finished_at=utcnow(),
                    training_session_id=training.id,
                    team_id=team.id,
                    answers=[
                        QuizAnswer(
                            question_id=q.id,
                            position=n,
                            chosen=chosen[q.id],
                            is_correct=chosen[q.id] == q.answer.id,
                        )
                        for n, q in enumerate(asked, start=1)
                    ],
                )
                db.add(attempt)
        db.flush()
        projects = training_projects(db, training.id)
        for project in projects:
            centre = rng.randint(2, 4)
            for perspective in PERSPECTIVES[:MEMBERS_PER_TEAM]:
                db.add(
                    MemberResponse(
                        public_id=f"bench-{rng.getrandbits(64):016x}",
                        round_id=project.rounds[0].id,
                        perspective=perspective,
                        submitted_at=utcnow(),
                        answers=[
                            MemberAnswer(
                                dimension_id=dimension,
                                level=max(1, min(5, centre + rng.choice((-1, 0, 0, 1)))),
                            )
                            for dimension in assessment.dimension_ids
                        ],
                    )
                )
            project.rounds[0].closed_at = utcnow()  # results show only for a closed round
        db.commit()
        return trainer.id, training.id, projects[0].results_token


def median_time(action: Callable[[], object], runs: int, before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{folder / 'bench.db'}"})
    Base.metadata.create_all(app.extensions["db_engine"])
    trainer_id, session_id, token = build_session(app)
    client = app.test_client()
    with app.app_context():
        user_id = get_db().get(Trainer, trainer_id).get_id()
    with client.session_transaction() as cookie:  # signed in as the session's trainer
        cookie["_user_id"] = user_id
        cookie["_fresh"] = True

    def get(url: str) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data()

    team_url = f"/downloads/team/{token}.pdf"
    session_url = f"/downloads/sessions/{session_id}/report.pdf"
    zip_url = f"/downloads/sessions/{session_id}/team-reports.zip"

    def nothing() -> None:
        pass

    def floor() -> bytes:
        with app.app_context():
            project = project_by_token(get_db(), token, *RESULTS_LOAD_OPTIONS)
            return team_report_pdf(team_results(project), chromium=None)

    uncached, cached = EXPORTER.clear_cache, nothing
    start = time.perf_counter()
    get(team_url)
    rows = [
        ("Team report, the first one (Chromium starts)", time.perf_counter() - start, 1),
        ("Team report, charts exported", median_time(lambda: get(team_url), 7, uncached), 7),
        ("Team report, charts cached", median_time(lambda: get(team_url), 7, cached), 7),
        ("Team report with no charts, WeasyPrint only (floor)", median_time(floor, 7, cached), 7),
        (
            f"Session report, {TEAMS} teams, charts exported",
            median_time(lambda: get(session_url), 3, uncached),
            3,
        ),
        (
            f"Session report, {TEAMS} teams, charts cached",
            median_time(lambda: get(session_url), 3, cached),
            3,
        ),
        (
            f"ZIP of {TEAMS} team reports, charts exported",
            median_time(lambda: get(zip_url), 3, uncached),
            3,
        ),
    ]
    print(
        f"PDF reports, median seconds ({TEAMS} teams of {MEMBERS_PER_TEAM} members; "
        f"{QUIZ_TAKERS_PER_TEAM} quiz takers a team)"
    )
    for label, seconds, runs in rows:
        print(f"  {label:<56} {seconds:6.2f} s  ({runs} {'runs' if runs > 1 else 'run'})")
    stats = EXPORTER.stats
    print(f"  Charts drawn by Chromium: {stats.exports}; served from the cache: {stats.cache_hits}")
    # Other work on the machine slows every figure: say how busy it was.
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"  Load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    EXPORTER.close()


if __name__ == "__main__":
    main()
