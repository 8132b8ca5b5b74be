"""The trainer's own quizzes (/trainer/quizzes): write one scenario at a time or upload a
file, see what the checks find, preview, use in a session, delete. Only its trainer sees a
quiz: another trainer gets a 404."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from app.content import library
from app.db import get_db
from app.domain.content import (
    DEFAULT_LADDER_ID,
    ContentProblem,
    check_quiz_data,
    check_quiz_text,
)
from app.domain.ladder import Rung
from app.domain.own_quiz import (
    MAX_FILE_BYTES,
    new_quiz,
    scenario_data,
    still_needed,
    with_details,
    with_scenario,
    without_scenario,
)
from app.domain.plain_language import quiz_warnings
from app.domain.scoring import score_quiz
from app.domain.wording import file_size
from app.errors import render_error
from app.models import OwnQuiz
from app.own_quizzes import bp
from app.own_quizzes.example import EXAMPLE_FILE
from app.own_quizzes.forms import (
    ConfirmForm,
    DetailsForm,
    ScenarioForm,
    UploadForm,
    feedback_field,
)
from app.own_quizzes.queries import (
    create_own_quiz,
    delete_own_quiz,
    find_own_quiz,
    own_quizzes_of,
    quiz_id_of,
    ready_quiz,
    save_version,
    sessions_using,
    working_copy,
)
from app.quiz.forms import AnswerForm
from app.trainer.forms import reject_tampered_choices


def _own_or_404(own_quiz_id: int) -> OwnQuiz:
    """The signed-in trainer's quiz; another trainer's is a 404, not a 403 that leaks it."""
    own = find_own_quiz(get_db(), current_user.id, own_quiz_id)
    if own is None:
        abort(404)
    return own


def _questions(own: OwnQuiz) -> list[dict]:
    questions = working_copy(own).get("questions")
    return questions if isinstance(questions, list) else []


def _scenario_or_404(own: OwnQuiz, n: int) -> dict:
    questions = _questions(own)
    if not 1 <= n <= len(questions):
        abort(404)
    return questions[n - 1]


def _rungs(own: OwnQuiz, question: dict | None = None) -> tuple[Rung, ...]:
    """The options a scenario's form offers: its own options (a file may list fewer) or
    every rung of the quiz's ladder."""
    data = working_copy(own)
    ladder = library().ladders.get(data.get("ladder", DEFAULT_LADDER_ID))
    if ladder is None:
        abort(404)
    options = (question or {}).get("options")
    if isinstance(options, list):
        return tuple(rung for rung in ladder.rungs if rung.id in options)
    return ladder.rungs


@bp.get("/")
@login_required
def index():
    return render_template(
        "own_quizzes/index.html", own_quizzes=own_quizzes_of(get_db(), current_user.id)
    )


@bp.get("/example-quiz.yaml")
@login_required
def example():
    return Response(
        EXAMPLE_FILE,
        mimetype="application/yaml",
        headers={"Content-Disposition": "attachment; filename=example-quiz.yaml"},
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = DetailsForm()
    if form.validate_on_submit():
        own, _problems = create_own_quiz(
            get_db(),
            current_user._get_current_object(),
            new_quiz(form.title.data, form.introduction.data),
            library(),
        )
        flash("Your quiz is saved. Now add its scenarios, one at a time.")
        return redirect(url_for("own_quizzes.add_scenario", own_quiz_id=own.id), 303)
    return render_template("own_quizzes/details.html", form=form, own=None)


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload():
    form = UploadForm()
    problems = []
    if form.validate_on_submit():
        file = form.quiz_file.data
        text = file.read(MAX_FILE_BYTES + 1)
        name = secure_filename(file.filename or "") or "quiz.yaml"
        if len(text) > MAX_FILE_BYTES:
            return _too_big(form)
        try:
            data, problems = check_quiz_text(text.decode("utf-8"), name, library())
        except UnicodeDecodeError:
            data, problems = (
                None,
                [ContentProblem(name, None, "", "not UTF-8 text: save it as UTF-8")],
            )
        if data is not None:
            own, _ = create_own_quiz(get_db(), current_user._get_current_object(), data, library())
            flash(f"Your quiz \u201c{own.title}\u201d is uploaded and ready to use.")
            return redirect(url_for("own_quizzes.show", own_quiz_id=own.id), 303)
    return _upload_page(form, problems)


def _too_big(form: UploadForm):
    # The request's size stands for the file's: the form around it is a few hundred bytes.
    form.quiz_file.errors = [
        f"That was too much to send: the file is about {file_size(request.content_length)}, "
        f"and a quiz file must be {file_size(MAX_FILE_BYTES)} or smaller"
    ]
    return _upload_page(form, []), 413


def _upload_page(form: UploadForm, problems: list[ContentProblem]) -> str:
    return render_template(
        "own_quizzes/upload.html",
        form=form,
        problems=problems,
        max_bytes=MAX_FILE_BYTES,
        example_bytes=len(EXAMPLE_FILE.encode()),
    )


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error: RequestEntityTooLarge):
    """A file over the whole request's limit is refused before the form is read: the
    upload page says so in its error summary, any other page gives the 413 page."""
    if request.endpoint != "own_quizzes.upload" or not current_user.is_authenticated:
        return render_error(413, error.description)
    return _too_big(UploadForm(formdata=None))


@bp.get("/<int:own_quiz_id>")
@login_required
def show(own_quiz_id: int):
    own = _own_or_404(own_quiz_id)
    db = get_db()
    quiz = ready_quiz(db, own)
    data = working_copy(own)
    problems, needed = [], still_needed(data)
    if quiz is None:
        _, problems = check_quiz_data(data, library())
        if needed:  # said in the form's words instead
            problems = [problem for problem in problems if problem.field != "questions"]
    return render_template(
        "own_quizzes/show.html",
        own=own,
        data=data,
        quiz=quiz,
        problems=problems,
        needed=needed,
        warnings=quiz_warnings(quiz) if quiz else [],
        sessions=sessions_using(db, own),
        rung_names={rung.id: rung.name for rung in _rungs(own)},
    )


@bp.route("/<int:own_quiz_id>/details", methods=["GET", "POST"])
@login_required
def details(own_quiz_id: int):
    own = _own_or_404(own_quiz_id)
    data = working_copy(own)
    form = DetailsForm(data=data)
    if form.validate_on_submit():
        _save(own, with_details(data, form.title.data, form.introduction.data))
        return redirect(url_for("own_quizzes.show", own_quiz_id=own.id), 303)
    return render_template("own_quizzes/details.html", form=form, own=own)


def _save(own: OwnQuiz, data: dict) -> None:
    problems = save_version(get_db(), own, data, library())
    if not problems:
        flash(f"Saved as version {own.version}.")
    else:
        flash(f"Saved. {still_needed(data) or problems[0].message}, before you can use it.")


def _scenario_form(own: OwnQuiz, question: dict | None) -> ScenarioForm:
    rungs = _rungs(own, question)
    data = None
    if question is not None and request.method == "GET":
        feedback = question.get("feedback") or {}
        data = {key: question.get(key) for key in ("scenario", "answer", "explanation")}
        data["talk_about"] = question.get("talk_about")
        data |= {feedback_field(rung): feedback.get(rung.id) for rung in rungs}
    form = ScenarioForm.for_rungs(rungs, data=data)
    reject_tampered_choices(form)
    return form


def _scenario_page(own: OwnQuiz, form: ScenarioForm, n: int | None):
    return render_template("own_quizzes/scenario.html", own=own, form=form, n=n)


def _saved_scenario(own: OwnQuiz, form: ScenarioForm, n: int | None):
    question = scenario_data(
        form.scenario.data,
        form.answer.data,
        form.explanation.data,
        form.feedback(),
        form.talk_about.data or "",
    )
    _save(own, with_scenario(working_copy(own), n, question))
    return redirect(url_for("own_quizzes.show", own_quiz_id=own.id), 303)


@bp.route("/<int:own_quiz_id>/scenarios/new", methods=["GET", "POST"])
@login_required
def add_scenario(own_quiz_id: int):
    own = _own_or_404(own_quiz_id)
    form = _scenario_form(own, None)
    if form.validate_on_submit():
        return _saved_scenario(own, form, None)
    return _scenario_page(own, form, None)


@bp.route("/<int:own_quiz_id>/scenarios/<int:n>", methods=["GET", "POST"])
@login_required
def edit_scenario(own_quiz_id: int, n: int):
    own = _own_or_404(own_quiz_id)
    form = _scenario_form(own, _scenario_or_404(own, n))
    if form.validate_on_submit():
        return _saved_scenario(own, form, n)
    return _scenario_page(own, form, n)


@bp.route("/<int:own_quiz_id>/scenarios/<int:n>/remove", methods=["GET", "POST"])
@login_required
def remove_scenario(own_quiz_id: int, n: int):
    own = _own_or_404(own_quiz_id)
    question = _scenario_or_404(own, n)
    form = ConfirmForm()
    if form.validate_on_submit():
        _save(own, without_scenario(working_copy(own), n))
        return redirect(url_for("own_quizzes.show", own_quiz_id=own.id), 303)
    return render_template(
        "own_quizzes/remove_scenario.html", own=own, question=question, n=n, form=form
    )


@bp.route("/<int:own_quiz_id>/preview/<int:n>", methods=["GET", "POST"])
@login_required
def preview(own_quiz_id: int, n: int):
    """The quiz as a participant goes through it, every scenario in turn; nothing is stored:
    the chosen answer goes to the address of the page that explains it (post, then get)."""
    own = _own_or_404(own_quiz_id)
    quiz = ready_quiz(get_db(), own)
    if quiz is None or not 1 <= n <= len(quiz.questions):
        abort(404)
    question = quiz.questions[n - 1]
    form = AnswerForm.for_question(question)
    result = None
    if request.method == "POST":
        if form.tampered(question):
            abort(400)
        if form.validate():
            answered = url_for(
                request.endpoint, own_quiz_id=own_quiz_id, n=n, answer=form.answer.data
            )
            return redirect(answered, 303)
    elif "answer" in request.args:
        chosen = request.args["answer"]
        if chosen not in {option.id for option in question.options}:
            abort(404)
        result = score_quiz((question,), {question.id: chosen}).per_question[0]
    return render_template(
        "own_quizzes/preview.html",
        own=own,
        quiz=quiz,
        n=n,
        total=len(quiz.questions),
        question=question,
        form=form,
        result=result,
        hints={rung.id: rung.hint for rung in question.options},
    )


@bp.get("/<int:own_quiz_id>/use")
@login_required
def use(own_quiz_id: int):
    """Set up a session with this quiz chosen."""
    own = _own_or_404(own_quiz_id)
    if own.content_hash is None:
        abort(404)
    return redirect(url_for("trainer.new_session", quiz=quiz_id_of(own)))


@bp.route("/<int:own_quiz_id>/delete", methods=["GET", "POST"])
@login_required
def delete(own_quiz_id: int):
    """A confirmation page (GET) that says what deleting does; the POST deletes."""
    own = _own_or_404(own_quiz_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_own_quiz(get_db(), own)
        flash(f"The quiz \u201c{own.title}\u201d has been deleted.")
        return redirect(url_for("own_quizzes.index"), 303)
    return render_template(
        "own_quizzes/delete.html", own=own, form=form, sessions=sessions_using(get_db(), own)
    )
