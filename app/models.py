"""Database models (SQLAlchemy 2.0 typed mappings).

Nothing personal is stored about participants: quiz attempts and assessment
responses are anonymous, found again only through random tokens kept in the
participant's own session cookie or link.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Trainer(UserMixin, Base):
    __tablename__ = "trainers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # In every signed-in session (get_id); raising it ends them all on their next request.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    trainings: Mapped[list[TrainingSession]] = relationship(
        back_populates="trainer", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        # Flask-Login keeps this in the session cookie; load_trainer checks the version.
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign this trainer out everywhere (every copy of every session cookie)."""
        self.session_version = (self.session_version or 1) + 1


class TrainingSession(Base):
    """A trainer's session: people in the room join it with a short code."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(
        ForeignKey("trainers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[dt.date] = mapped_column(Date)
    quiz_id: Mapped[str | None] = mapped_column(String(100))
    # The question ids everyone in the session is asked, in order (JSON), so the room
    # can talk about the same scenarios.
    quiz_question_ids: Mapped[str | None] = mapped_column(Text)
    includes_assessment: Mapped[bool] = mapped_column(Boolean, default=False)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    # The live page shows each question's right answer only once the trainer reveals them
    # (or closes the session): projected, they would give the answers away.
    answers_revealed: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )
    # Paced: the trainer moves the whole room through the quiz one question at a time
    # (app/domain/pacing.py). paced_position is 0 before the first question, 1..n while a
    # question is asked, n + 1 once the quiz is over; paced_revealed is True once the
    # trainer has shown how the room answered the current question (its answers closed).
    paced: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    paced_position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    paced_revealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    trainer: Mapped[Trainer] = relationship(back_populates="trainings")
    teams: Mapped[list[SessionTeam]] = relationship(
        back_populates="training",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SessionTeam.position",
    )


class SessionTeam(Base):
    """A group in the room (e.g. a table or a ward team)."""

    __tablename__ = "session_teams"
    __table_args__ = (UniqueConstraint("session_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The column keeps its first name; in code a training session is `training`.
    training_id: Mapped[int] = mapped_column(
        "session_id", ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)

    training: Mapped[TrainingSession] = relationship(back_populates="teams")


class Participant(Base):
    """One person (one browser) who joined a training session: the live page counts people.

    Anonymous like everything else: a random token in the person's own session cookie, the
    team they chose and when they joined. Their quiz attempts point to it.
    """

    __tablename__ = "training_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    training_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_teams.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class QuizAttempt(Base):
    """One person's go at a quiz, pinned to the content version it answered."""

    __tablename__ = "quiz_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    quiz_id: Mapped[str] = mapped_column(String(100))
    quiz_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    # The questions drawn for this attempt, in order (JSON); None for attempts made
    # before draws, which asked the first questions of their version in file order.
    question_ids: Mapped[str | None] = mapped_column(Text)
    total: Mapped[int] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_teams.id", ondelete="SET NULL"), index=True
    )
    # The person in the session who made it (None outside a session and before issue 17).
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_participants.id", ondelete="SET NULL"), index=True
    )

    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="QuizAnswer.position",
    )


class QuizAnswer(Base):
    __tablename__ = "quiz_answers"
    # One answer per question per attempt: a replayed POST cannot count twice.
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    chosen: Mapped[str] = mapped_column(String(50))
    is_correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")


class Project(Base):
    """A team's project being placed on the ladder by its members."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The lead's link: results, closing rounds, new rounds.
    results_token: Mapped[str] = mapped_column(String(64), unique=True)
    # The members' link: results only, once a round is closed.
    members_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    assessment_id: Mapped[str] = mapped_column(String(100))
    project_name: Mapped[str] = mapped_column(String(200))
    team_name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    session_team_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_teams.id", ondelete="SET NULL"), index=True
    )

    rounds: Mapped[list[AssessmentRound]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AssessmentRound.number",
    )


class AssessmentRound(Base):
    """One round of answers ("First round", "6 months on"); members join the latest.

    Open until the lead (or the trainer's closing the session) closes it; results are
    worked out only for a closed round, so nobody can watch them change answer by answer.
    """

    __tablename__ = "assessment_rounds"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    assessment_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    project: Mapped[Project] = relationship(back_populates="rounds")
    responses: Mapped[list[MemberResponse]] = relationship(
        back_populates="round", cascade="all, delete-orphan", passive_deletes=True
    )


class MemberResponse(Base):
    """One member's anonymous answers in a round; editable until submitted."""

    __tablename__ = "member_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    perspective: Mapped[str] = mapped_column(String(50))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    round: Mapped[AssessmentRound] = relationship(back_populates="responses")
    answers: Mapped[list[MemberAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class MemberAnswer(Base):
    __tablename__ = "member_answers"
    __table_args__ = (UniqueConstraint("response_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("member_responses.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[str] = mapped_column(String(100))
    # The rung level chosen (1 = lowest), or None with `skipped` saying which answer
    # chose no rung ("not-sure" or "not-yet", from app.domain.results).
    level: Mapped[int | None] = mapped_column(Integer)
    skipped: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    response: Mapped[MemberResponse] = relationship(back_populates="answers")


class ContentSnapshot(Base):
    """A quiz or assessment exactly as published, kept by its content hash.

    Rounds and quiz attempts store the hash of the content they were answered with, so
    their results keep that wording after the files in quizzes/ change.
    """

    __tablename__ = "content_snapshots"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    content_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)  # JSON from app.domain.content.snapshot
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OwnQuiz(Base):
    """A quiz a trainer wrote in the form or uploaded; only they see it.

    `body` is the working copy (the quiz as a content file would parse, JSON), which may not
    pass the checks yet (fewer than 5 scenarios). Each version that passes is kept in
    content_snapshots under the quiz id "own-<id>", so sessions and attempts use it by hash.
    """

    __tablename__ = "own_quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(
        ForeignKey("trainers.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Raised by every saved change; the version's snapshot carries it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The hash of the kept version the working copy is, or None while it does not pass.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReportJob(Base):
    """A report a trainer asked for, prepared by a job worker (app/jobs).

    Found by its random public_id, and only by the trainer who asked for it. The file lives
    in REPORTS_DIR, named by public_id, until expires_at.
    """

    __tablename__ = "report_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(24)
    )
    trainer_id: Mapped[int] = mapped_column(
        ForeignKey("trainers.id", ondelete="CASCADE"), index=True
    )
    training_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    # A hash of everything the report shows: the same data gives the same report.
    fingerprint: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12), default="queued")
    # Raised each time the job is (re)queued; a worker writes only for its own attempt.
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The last sign of life: queued, claimed, or a step done.
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AgreedRung(Base):
    """The rung a team agreed on for one question of a round, or that it could not agree.

    `version` goes up with every save; a save that names an older version is refused, so
    a second person editing at the same time never overwrites the first without seeing it.
    """

    __tablename__ = "agreed_rungs"
    __table_args__ = (UniqueConstraint("round_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[str] = mapped_column(String(100))
    # The agreed rung level, or None with `could_not_agree` and the range people gave.
    level: Mapped[int | None] = mapped_column(Integer)
    could_not_agree: Mapped[bool] = mapped_column(Boolean, default=False)
    range_low: Mapped[int | None] = mapped_column(Integer)
    range_high: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RoundTarget(Base):
    """The rung a team says this piece of work needs, set after a round's results."""

    __tablename__ = "round_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), unique=True
    )
    level: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlanAction(Base):
    """One action a team plans after a round's results, reviewed in the next round."""

    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_rounds.id", ondelete="CASCADE"), index=True
    )
    # The question ids the action aims at, space separated (ids have no spaces).
    dimension_ids: Mapped[str] = mapped_column(Text)
    what: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(String(100))
    lived_experience: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[dt.date] = mapped_column(Date)
    # The review in the next round: "done", "partly" or "not-done", and why.
    review_status: Mapped[str | None] = mapped_column(String(20))
    review_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
