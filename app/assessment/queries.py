"""Reading and writing projects, rounds and members' answers (no Flask).

Every function takes the database session `db` and leaves the commit to the request
(or CLI command) that called it. Races that the database settles (two projects taking
one join code, the same answer sent twice at once) are caught in a savepoint, so the
rest of the request's work stands.

A round is open until it is closed; only sent responses of a closed round ever reach
the results, and closing a round deletes the responses that were never sent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.codes import is_token_shaped, is_valid_code, new_token, normalise_code, unused_join_code
from app.content import answered_with, remember
from app.domain.content import Assessment
from app.domain.results import Member, ProjectResults, RoundInput, project_results
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    utcnow,
)

# Loads a project with everything its results need in four queries.
RESULTS_LOAD_OPTIONS = (
    selectinload(Project.rounds)
    .selectinload(AssessmentRound.responses)
    .selectinload(MemberResponse.answers),
)

FIRST_ROUND_LABEL = "First round"
_CREATE_TRIES = 5


# --- Finding things -------------------------------------------------------------------


def project_by_code(db: Session, raw_code: str) -> Project | None:
    code = normalise_code(raw_code)
    if not is_valid_code(code):
        return None
    return db.scalar(select(Project).where(Project.join_code == code))


def project_by_token(db: Session, token: str, *options) -> Project | None:
    """The project whose lead's results link has this token."""
    if not is_token_shaped(token):
        return None
    return db.scalar(select(Project).options(*options).where(Project.results_token == token))


def project_by_members_token(db: Session, token: str, *options) -> Project | None:
    """The project whose members' results link has this token."""
    if not is_token_shaped(token):
        return None
    return db.scalar(select(Project).options(*options).where(Project.members_token == token))


def response_by_public_id(db: Session, public_id: str) -> MemberResponse | None:
    if not is_token_shaped(public_id):
        return None
    return db.scalar(select(MemberResponse).where(MemberResponse.public_id == public_id))


def latest_round(project: Project) -> AssessmentRound:
    return project.rounds[-1]


def last_activity(project: Project) -> dt.datetime:
    """When anything last happened in the project: created, a round opened or closed, or
    a member started or sent answers."""
    moments = [project.created_at]
    for assessment_round in project.rounds:
        moments += [assessment_round.opened_at, assessment_round.closed_at]
        for response in assessment_round.responses:
            moments += [response.started_at, response.submitted_at]
    # SQLite gives naive UTC times, PostgreSQL aware ones.
    return max(m if m.tzinfo else m.replace(tzinfo=dt.UTC) for m in moments if m is not None)


def answers_of(response: MemberResponse) -> dict[str, int | str]:
    """The response's answers so far: dimension id -> level, or the skip it chose."""
    return {
        answer.dimension_id: answer.level if answer.level is not None else answer.skipped
        for answer in response.answers
    }


def results_of(
    db: Session, project: Project, current: Assessment | None, needed_responses: int
) -> ProjectResults:
    """Every round's results, each worked out with the content it was answered with.

    Load the project with RESULTS_LOAD_OPTIONS. Only sent responses are read.
    """
    rounds = []
    for assessment_round in project.rounds:
        assessment = answered_with(db, assessment_round.content_hash, current)
        if assessment is None:
            raise LookupError(f"no content for round {assessment_round.id}")
        rounds.append(
            RoundInput(
                number=assessment_round.number,
                label=assessment_round.label,
                opened_on=assessment_round.opened_at.date(),
                closed_on=assessment_round.closed_at.date() if assessment_round.closed_at else None,
                assessment=assessment,
                members=tuple(
                    Member(response.perspective, answers_of(response))
                    for response in assessment_round.responses
                    if response.submitted_at is not None
                ),
            )
        )
    return project_results(
        project_name=project.project_name,
        team_name=project.team_name,
        description=project.description,
        rounds=rounds,
        needed_responses=needed_responses,
    )


def sent_count(assessment_round: AssessmentRound) -> int:
    return sum(response.submitted_at is not None for response in assessment_round.responses)


# --- Changing things ------------------------------------------------------------------


def create_project(
    db: Session,
    assessment: Assessment,
    *,
    project_name: str,
    team_name: str,
    description: str = "",
) -> Project:
    """A new project with its first round, and a join code no session or project uses."""
    for _ in range(_CREATE_TRIES):
        project = Project(
            results_token=new_token(),
            members_token=new_token(),
            join_code=unused_join_code(db),
            assessment_id=assessment.id,
            project_name=project_name,
            team_name=team_name,
            description=description,
        )
        project.rounds.append(_new_round(assessment, 1, FIRST_ROUND_LABEL))
        remember(db, assessment)
        try:
            with db.begin_nested():
                db.add(project)
        except IntegrityError:  # another project took the code a moment ago
            continue
        return project
    raise RuntimeError(f"No project could be saved with a free join code in {_CREATE_TRIES} tries")


def open_round(
    db: Session, project: Project, assessment: Assessment, label: str
) -> AssessmentRound | None:
    """Open the next round; None (nothing changed) while the latest round is still open.

    That rule also makes a second click on "Start a new round" harmless.
    """
    latest = latest_round(project)
    if latest.closed_at is None:
        return None
    new_round = _new_round(assessment, latest.number + 1, label)
    remember(db, assessment)
    try:
        with db.begin_nested():
            project.rounds.append(new_round)
    except IntegrityError:  # the same form sent twice at once: the other one won
        return None
    return new_round


def _new_round(assessment: Assessment, number: int, label: str) -> AssessmentRound:
    return AssessmentRound(
        number=number,
        label=label,
        assessment_version=assessment.version,
        content_hash=assessment.content_hash,
    )


def close_round(db: Session, assessment_round: AssessmentRound) -> bool:
    """Close the round and delete its unsent responses; False if it was already closed.

    Answers never sent are never counted or exported, so they are not kept either.
    """
    closed = db.execute(
        update(AssessmentRound)
        .where(AssessmentRound.id == assessment_round.id, AssessmentRound.closed_at.is_(None))
        .values(closed_at=utcnow())
    )
    if closed.rowcount == 1:
        db.execute(
            delete(MemberResponse).where(
                MemberResponse.round_id == assessment_round.id,
                MemberResponse.submitted_at.is_(None),
            )
        )
    db.refresh(assessment_round)
    return closed.rowcount == 1


def close_open_rounds(db: Session, training_session_id: int) -> None:
    """Close every open round of the projects in a training session (it has closed)."""
    rounds = db.scalars(
        select(AssessmentRound)
        .join(Project)
        .where(
            Project.training_session_id == training_session_id,
            AssessmentRound.closed_at.is_(None),
        )
    ).all()
    for assessment_round in rounds:
        close_round(db, assessment_round)


def start_response(
    db: Session, assessment_round: AssessmentRound, perspective: str
) -> MemberResponse:
    response = MemberResponse(
        public_id=new_token(), round_id=assessment_round.id, perspective=perspective
    )
    db.add(response)
    db.flush()  # its public id is in the next page's link
    return response


def set_perspective(response: MemberResponse, perspective: str) -> None:
    response.perspective = perspective


def save_answer(
    db: Session, response: MemberResponse, dimension_id: str, answer_value: int | str
) -> None:
    """Insert or replace the member's answer to one question (a level, or a skip)."""
    level = answer_value if isinstance(answer_value, int) else None
    skipped = None if isinstance(answer_value, int) else answer_value
    for _ in range(2):
        try:
            with db.begin_nested():
                answer = next((a for a in response.answers if a.dimension_id == dimension_id), None)
                if answer is None:
                    response.answers.append(
                        MemberAnswer(dimension_id=dimension_id, level=level, skipped=skipped)
                    )
                else:
                    answer.level = level
                    answer.skipped = skipped
                    answer.answered_at = utcnow()
            return
        except IntegrityError:  # the same answer arrived twice at once: update the other
            continue
    raise RuntimeError("could not save the answer")


def submit_response(db: Session, response: MemberResponse) -> bool:
    """Mark the response sent; False (and no change) if it was, or its round has closed."""
    still_open = select(AssessmentRound.id).where(AssessmentRound.closed_at.is_(None))
    result = db.execute(
        update(MemberResponse)
        .where(
            MemberResponse.id == response.id,
            MemberResponse.submitted_at.is_(None),
            MemberResponse.round_id.in_(still_open),
        )
        .values(submitted_at=utcnow())
    )
    db.refresh(response)
    return result.rowcount == 1
