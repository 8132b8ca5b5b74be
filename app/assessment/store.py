"""Reading and writing projects, rounds and members' answers (no Flask).

Every function takes the SQLAlchemy session and commits its own change, so a
page that calls one has saved what the member did before it answers.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.codes import is_token_shaped, is_valid_code, new_token, normalise_code, unused_join_code
from app.domain.content import Assessment
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    TrainingSession,
    utcnow,
)

FIRST_ROUND_LABEL = "First round"
_CREATE_TRIES = 5


# --- Finding things -------------------------------------------------------------------


def project_by_code(session: Session, raw_code: str) -> Project | None:
    code = normalise_code(raw_code)
    if not is_valid_code(code):
        return None
    return session.scalar(select(Project).where(Project.join_code == code))


def project_by_token(session: Session, token: str, *options) -> Project | None:
    if not is_token_shaped(token):
        return None
    return session.scalar(select(Project).options(*options).where(Project.results_token == token))


def response_by_public_id(session: Session, public_id: str) -> MemberResponse | None:
    if not is_token_shaped(public_id):
        return None
    return session.scalar(select(MemberResponse).where(MemberResponse.public_id == public_id))


def latest_round(project: Project) -> AssessmentRound:
    return project.rounds[-1]


def session_is_closed(session: Session, project: Project) -> bool:
    """True when the project belongs to a training session the trainer has closed."""
    if project.training_session_id is None:
        return False
    training_session = session.get(TrainingSession, project.training_session_id)
    return training_session is not None and not training_session.is_open


def answers_of(response: MemberResponse) -> dict[str, int | None]:
    """The response's answers so far: dimension id -> level (None is Not sure)."""
    return {answer.dimension_id: answer.level for answer in response.answers}


# --- Changing things ------------------------------------------------------------------


def create_project(
    session: Session,
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
            join_code=unused_join_code(session),
            assessment_id=assessment.id,
            project_name=project_name,
            team_name=team_name,
            description=description,
        )
        project.rounds.append(_new_round(assessment, 1, FIRST_ROUND_LABEL))
        session.add(project)
        try:
            session.commit()
        except IntegrityError:  # another project took the code a moment ago
            session.rollback()
            continue
        return project
    raise RuntimeError(f"No project could be saved with a free join code in {_CREATE_TRIES} tries")


def open_round(
    session: Session, project: Project, assessment: Assessment, label: str
) -> AssessmentRound | None:
    """Open the next round; None (nothing changed) while the latest round has no answers.

    That rule also makes a second click on "Start a new round" harmless.
    """
    latest = latest_round(project)
    if not any(response.submitted_at for response in latest.responses):
        return None
    new_round = _new_round(assessment, latest.number + 1, label)
    project.rounds.append(new_round)
    try:
        session.commit()
    except IntegrityError:  # the same form sent twice at once: the other one won
        session.rollback()
        return None
    return new_round


def _new_round(assessment: Assessment, number: int, label: str) -> AssessmentRound:
    return AssessmentRound(
        number=number,
        label=label,
        assessment_version=assessment.version,
        content_hash=assessment.content_hash,
    )


def start_response(
    session: Session, assessment_round: AssessmentRound, perspective: str
) -> MemberResponse:
    response = MemberResponse(
        public_id=new_token(), round_id=assessment_round.id, perspective=perspective
    )
    session.add(response)
    session.commit()
    return response


def set_perspective(session: Session, response: MemberResponse, perspective: str) -> None:
    response.perspective = perspective
    session.commit()


def save_answer(
    session: Session, response: MemberResponse, dimension_id: str, level: int | None
) -> None:
    """Insert or replace the member's answer to one question."""
    for _ in range(2):
        answer = next((a for a in response.answers if a.dimension_id == dimension_id), None)
        if answer is None:
            response.answers.append(MemberAnswer(dimension_id=dimension_id, level=level))
        else:
            answer.level = level
            answer.answered_at = utcnow()
        try:
            session.commit()
            return
        except IntegrityError:  # the same answer arrived twice at once: update the other
            session.rollback()
    raise RuntimeError("could not save the answer")


def submit_response(session: Session, response: MemberResponse) -> bool:
    """Mark the response submitted; False (and no change) if it already was."""
    result = session.execute(
        update(MemberResponse)
        .where(MemberResponse.id == response.id, MemberResponse.submitted_at.is_(None))
        .values(submitted_at=utcnow())
    )
    session.commit()
    session.refresh(response)
    return result.rowcount == 1
