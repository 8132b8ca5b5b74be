"""Loading and checking content files: each rule has its own small bad file."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from app.domain.content import (
    ContentError,
    ContentProblem,
    Library,
    check_paths,
    load_library,
)
from app.domain.content_schema import SCHEMAS
from app.domain.ladder import Ladder, Rung

RUNGS = ("inform", "consult", "engage", "co-design", "co-production")
NOT_A_RUNG = "is not a rung of ladder nhs-england (choose from " + ", ".join(RUNGS) + ")"


# --- Building good files --------------------------------------------------------------


def ladder_yaml(ladder_id: str = "nhs-england", rungs: tuple[str, ...] = RUNGS) -> str:
    text = (
        f"kind: ladder\nid: {ladder_id}\ntitle: NHS England involvement ladder\n"
        "source: NHS England\nrungs:\n"
    )
    for rung in rungs:
        text += (
            f"  - id: {rung}\n    name: {rung.capitalize()}\n"
            f"    hint: Practice at {rung}.\n    description: >\n      What {rung} looks like.\n"
        )
    return text


def quiz_yaml(n: int = 5, quiz_id: str = "is-it-co-production", extra: str = "") -> str:
    text = (
        f"kind: quiz\nid: {quiz_id}\ntitle: Is it co-production?\nversion: 1\nminutes: 5\n"
        f"{extra}introduction: >\n  Short real-life cases.\nquestions:\n"
    )
    for i in range(1, n + 1):
        text += (
            f"  - id: case-{i}\n    scenario: >\n      Case number {i} happened.\n"
            f"    answer: {RUNGS[(i - 1) % 5]}\n    explanation: Because of reason {i}.\n"
        )
    return text


def assessment_yaml(n: int = 8, power: tuple[int, ...] = (1,)) -> str:
    """An assessment of n questions; the ones numbered in `power` are marked power: true."""
    text = (
        "kind: assessment\nid: team-self-assessment\ntitle: Where is your project?\n"
        "version: 1\nminutes: 10\nladder: nhs-england\nintroduction: Answer on your own.\n"
        "questions:\n"
    )
    for i in range(1, n + 1):
        text += f"  - id: dimension-{i}\n    dimension: Dimension {i}\n"
        text += f"    question: Question {i}?\n"
        text += "    power: true\n" if i in power else ""
        text += "    options:\n"
        text += "".join(f"      {rung}: Q{i} practice at {rung}.\n" for rung in RUNGS)
        text += "    next_steps:\n"
        text += "".join(f"      {rung}: Q{i} step from {rung}.\n" for rung in RUNGS)
    return text


GUIDE = """\
kind: guide
id: principles
title: What makes good co-production
introduction: >
  Plain principles.
sections:
  - id: sharing-power
    heading: Share power
    body: >
      Decide together.
  - id: involve-early
    heading: Involve people early
    body: From the very start.
"""


def mutate(text: str, old: str, new: str) -> str:
    assert old in text, f"fixture does not contain {old!r}"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def problems_in(tmp_path: Path, files: dict[str, str], ladder: bool = True) -> list[ContentProblem]:
    """Write the files (and the default ladder) and check the whole folder.

    Also checks that load_library refuses the same folder with the same problems.
    """
    write(tmp_path, ({"ladders/nhs-england.yaml": ladder_yaml()} if ladder else {}) | files)
    problems = check_paths([tmp_path], tmp_path)
    if problems:
        with pytest.raises(ContentError) as raised:
            load_library(tmp_path)
        assert raised.value.problems == problems
    else:
        load_library(tmp_path)
    return problems


def only(problems: list[ContentProblem]) -> ContentProblem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def one_problem(tmp_path: Path, name: str, text: str) -> ContentProblem:
    return only(problems_in(tmp_path, {name: text}))


# --- Good content ---------------------------------------------------------------------


def good_library(tmp_path: Path) -> Library:
    quiz = mutate(
        quiz_yaml(6, extra="questions_per_attempt: 5\n"),
        "    answer: inform\n",
        "    options: [inform, consult]\n    answer: inform\n"
        "    feedback:\n      consult: 'Nobody was asked: they were told.'\n",
    )
    write(
        tmp_path,
        {
            "ladders/nhs-england.yaml": ladder_yaml(),
            "quiz.yaml": quiz,
            "assessments/team.yaml": assessment_yaml(),
            "guide.yaml": GUIDE,
        },
    )
    return load_library(tmp_path)


def test_good_content_loads(tmp_path: Path) -> None:
    library = good_library(tmp_path)

    ladder = library.ladders["nhs-england"]
    assert ladder.ids == RUNGS
    assert [rung.level for rung in ladder.rungs] == [1, 2, 3, 4, 5]
    assert ladder.rung("engage").description == "What engage looks like."  # folded, stripped

    quiz = library.quiz("is-it-co-production")
    assert (quiz.version, quiz.minutes, quiz.questions_per_attempt) == (1, 5, 5)
    assert quiz.ladder is ladder
    assert len(quiz.questions) == 6 and len(quiz.asked(None)) == 5
    assert quiz.asked(None) == quiz.questions[:5]  # attempts made before draws
    assert quiz.asked(["case-3", "case-1"]) == (quiz.question("case-3"), quiz.question("case-1"))
    first = quiz.question("case-1")
    assert first.scenario == "Case number 1 happened."
    assert first.options == (ladder.rung("inform"), ladder.rung("consult"))
    assert first.answer == ladder.rung("inform")
    assert first.feedback == {"consult": "Nobody was asked: they were told."}
    assert quiz.question("case-2").options == ladder.rungs  # default: every rung
    assert quiz.question("case-2").feedback == {}
    assert len(quiz.content_hash) == 12
    assert quiz.path == tmp_path / "quiz.yaml"
    with pytest.raises(KeyError):
        quiz.question("no-such-case")

    assessment = library.default_assessment
    assert assessment is library.assessment("team-self-assessment")
    assert len(assessment.questions) == 8
    dimension = assessment.question("dimension-3")
    assert dimension.name == "Dimension 3" and dimension.hint is None
    assert list(dimension.options) == list(RUNGS)
    assert dimension.next_steps["co-production"] == "Q3 step from co-production."
    assert assessment.dimension_ids[0] == "dimension-1"
    assert not dimension.decides_power
    assert assessment.question("dimension-1").decides_power
    assert assessment.power_dimensions == (assessment.question("dimension-1"),)

    assert library.guide is not None
    assert [section.id for section in library.guide.sections] == ["sharing-power", "involve-early"]
    assert library.guide.sections[1].body == "From the very start."


def test_assessment_options_come_in_ladder_order_and_hint_is_optional(tmp_path: Path) -> None:
    text = mutate(assessment_yaml(), "    options:\n      inform:", "    options:\n      zz-tmp:")
    text = mutate(text, "      co-production: Q1 practice", "      inform: Q1 practice")
    text = mutate(text, "      zz-tmp:", "      co-production:")
    text = mutate(
        text, "    question: Question 1?\n", "    question: Question 1?\n    hint: Think.\n"
    )
    write(tmp_path, {"ladders/l.yaml": ladder_yaml(), "a.yaml": text})
    dimension = load_library(tmp_path).default_assessment.questions[0]
    assert list(dimension.options) == list(RUNGS)
    assert dimension.hint == "Think."


def test_empty_library_and_no_assessment(tmp_path: Path) -> None:
    library = load_library(tmp_path)
    assert library.quizzes == {} and library.default_assessment is None and library.guide is None


def test_json_files_load(tmp_path: Path) -> None:
    data = {
        "kind": "guide",
        "id": "principles",
        "title": "Principles",
        "introduction": "Intro",
        "sections": [{"id": "a", "heading": "A", "body": "Body"}],
    }
    write(tmp_path, {"guide.json": json.dumps(data, indent=2)})
    assert load_library(tmp_path).guide.title == "Principles"


def test_hidden_files_and_other_suffixes_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, {".draft.yaml": "not: [valid", "notes.txt": "x", ".git/x.yaml": ":"})
    assert check_paths([tmp_path], tmp_path) == []


def test_content_hash_ignores_layout_but_not_content(tmp_path: Path) -> None:
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    write(one, {"l.yaml": ladder_yaml(), "q.yaml": quiz_yaml()})
    write(two, {"l.yaml": ladder_yaml(), "q.yaml": "# A comment\n" + quiz_yaml()})
    changed = mutate(quiz_yaml(), "reason 1.", "reason one.")
    write(three, {"l.yaml": ladder_yaml(), "q.yaml": changed})
    hashes = [
        load_library(root).quiz("is-it-co-production").content_hash for root in (one, two, three)
    ]
    assert hashes[0] == hashes[1] != hashes[2]


def test_schemas_are_valid_draft_2020_12() -> None:
    for schema in SCHEMAS.values():
        Draft202012Validator.check_schema(schema)


# --- File level problems --------------------------------------------------------------


def test_invalid_yaml_reports_the_line(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "title: Is it co-production?", "title: Is it: co-production?")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.line == line_of(text, "title:")
    assert "not valid YAML" in problem.message and "quotes" in problem.message


def test_invalid_json_reports_the_line(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "quiz.json", '{\n  "kind": "quiz",\n  "id": \n}\n')
    assert problem.line == 4 and problem.message.startswith("not valid JSON")


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    assert one_problem(tmp_path, "quiz.yaml", text).message == "the file is empty"


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "quiz.yaml", "- kind: quiz\n- id: x\n")
    assert "top level must be a set of fields" in problem.message and "a list" in problem.message


def test_missing_kind(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "quiz.yaml", mutate(quiz_yaml(), "kind: quiz\n", ""))
    assert problem.message.startswith("missing required field 'kind'")


def test_unknown_kind(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "quiz.yaml", mutate(quiz_yaml(), "kind: quiz", "kind: quizz"))
    assert (problem.field, problem.line) == ("kind", 1)
    assert "unknown kind 'quizz'" in problem.message


def test_duplicate_field_in_a_mapping(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "    answer: consult\n", "    answer: consult\n    answer: engage\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.line) == ("questions[1]", line_of(text, "answer: engage"))
    assert "'answer' appears twice" in problem.message


def test_value_referring_to_itself_is_reported_not_crashing(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "questions:\n", "extra: &loop [*loop]\nquestions:\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert "refers to itself" in problem.message


# --- Schema problems ------------------------------------------------------------------


def test_missing_required_field_names_it_at_its_item(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "    explanation: Because of reason 3.\n", "")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions[2]"
    assert problem.line == line_of(text, "id: case-3")
    assert problem.message == "missing required field 'explanation'"


def test_unknown_field_is_named_with_a_suggestion(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "    answer: engage\n", "    anwser: engage\n")
    problems = problems_in(tmp_path, {"quiz.yaml": text})
    unknown = [p for p in problems if "unknown field" in p.message]
    assert len(problems) == 2  # the misspelt field, and the now-missing answer
    assert unknown[0].field == "questions[2]"
    assert unknown[0].line == line_of(text, "anwser")
    assert unknown[0].message == "unknown field 'anwser' (did you mean 'answer'?)"


def test_yaml_boolean_where_text_expected(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "    answer: consult\n", "    answer: no\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.line) == ("questions[1].answer", line_of(text, "answer: no"))
    assert problem.message.startswith(
        "got the boolean false (YAML reads unquoted yes/no/on/off as true/false): "
        "put the text in quotes"
    )


def test_yaml_boolean_in_a_ladder_hint(tmp_path: Path) -> None:
    text = mutate(ladder_yaml(), "    hint: Practice at engage.", "    hint: yes")
    problem = one_problem(tmp_path, "ladders/nhs-england.yaml", text)
    assert problem.field == "rungs[2].hint"
    assert problem.message.startswith("got the boolean true (YAML reads unquoted yes/no/on/off")


def test_number_where_text_expected(tmp_path: Path) -> None:
    problem = one_problem(
        tmp_path, "quiz.yaml", mutate(quiz_yaml(), "title: Is it", "title: 2024 #")
    )
    assert problem.field == "title"
    assert problem.message == "expected text, got the number 2024: put the text in quotes"


def test_wrong_type_for_a_list(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(), "    answer: inform\n", "    options: inform, consult\n    answer: inform\n"
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions[0].options"
    assert problem.message == "expected a list, got the text 'inform, consult'"


@pytest.mark.parametrize("value", ['""', "'   '", "", "~"])
def test_empty_text(tmp_path: Path, value: str) -> None:
    text = mutate(
        quiz_yaml(), "    scenario: >\n      Case number 2 happened.\n", f"    scenario: {value}\n"
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions[1].scenario"
    assert problem.message == "is empty: write some text"


def test_id_format(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "  - id: case-4", "  - id: Case_4")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.line) == ("questions[3].id", line_of(text, "Case_4"))
    assert "'Case_4' is not a valid id" in problem.message


@pytest.mark.parametrize(
    ("value", "message_start"),
    [
        ("0", "must be a positive whole number"),
        ("-2", "must be a positive whole number"),
        ("1.5", "expected a whole number, got the number 1.5"),
        ("'2'", "expected a whole number, got the text '2': remove the quotes"),
        ("two", "expected a whole number, got the text 'two'"),
    ],
)
def test_version_must_be_a_positive_whole_number(
    tmp_path: Path, value: str, message_start: str
) -> None:
    problem = one_problem(
        tmp_path, "quiz.yaml", mutate(quiz_yaml(), "version: 1", f"version: {value}")
    )
    assert (problem.field, problem.line) == ("version", 4)
    assert problem.message.startswith(message_start)


def test_questions_per_attempt_must_be_at_least_one(tmp_path: Path) -> None:
    text = quiz_yaml(extra="questions_per_attempt: 0\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions_per_attempt"
    assert problem.message.startswith("must be a positive whole number")


# --- Rules beyond the schema ----------------------------------------------------------


def test_unknown_ladder(tmp_path: Path) -> None:
    text = quiz_yaml(extra="ladder: tlap\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.line) == ("ladder", line_of(text, "ladder: tlap"))
    assert problem.message == "unknown ladder 'tlap' (choose from nhs-england)"


def test_default_ladder_must_exist(tmp_path: Path) -> None:
    problem = only(problems_in(tmp_path, {"quiz.yaml": quiz_yaml()}, ladder=False))
    assert "unknown ladder 'nhs-england'" in problem.message


def test_another_ladder_can_be_used(tmp_path: Path) -> None:
    tlap = ladder_yaml("tlap", ("coercion", "educating", "informing", "co-production"))
    quiz = mutate(quiz_yaml(extra="ladder: tlap\n"), "answer: consult", "answer: educating")
    for answer in ("inform", "engage", "co-design"):
        quiz = quiz.replace(f"answer: {answer}", "answer: coercion")
    write(tmp_path, {"ladders/nhs.yaml": ladder_yaml(), "ladders/tlap.yaml": tlap, "q.yaml": quiz})
    library = load_library(tmp_path)
    assert library.quiz("is-it-co-production").ladder.id == "tlap"
    assert len(library.ladders["tlap"]) == 4


def test_quiz_on_a_broken_ladder_points_at_the_ladder(tmp_path: Path) -> None:
    ladder = mutate(ladder_yaml(), "title: NHS", "titel: NHS")
    problems = problems_in(tmp_path, {"ladders/nhs-england.yaml": ladder, "quiz.yaml": quiz_yaml()})
    assert "has problems of its own" in problems[-1].message


def test_unknown_rung_as_answer(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "    answer: engage\n", "    answer: co-prod\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert str(problem) == (
        f"{problem.path}:{line_of(text, 'answer: co-prod')}: questions[2].answer: "
        f"'co-prod' {NOT_A_RUNG}"
    )


def test_unknown_rung_in_options(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(), "    answer: inform\n", "    options: [inform, tell]\n    answer: inform\n"
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions[0].options[1]"
    assert problem.message == f"'tell' {NOT_A_RUNG}"


def test_unknown_rung_in_feedback(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(), "    answer: inform\n", "    answer: inform\n    feedback:\n      tell: Hi.\n"
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.line) == (
        "questions[0].feedback.tell",
        line_of(text, "tell: Hi"),
    )
    assert problem.message == f"'tell' {NOT_A_RUNG}"


def test_feedback_for_an_option_not_offered(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(),
        "    answer: inform\n",
        "    options: [inform, consult]\n    answer: inform\n    feedback:\n      engage: Hi.\n",
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions[0].feedback.engage"
    assert "not one of this question's options" in problem.message


def test_answer_must_be_one_of_the_options(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(), "    answer: engage\n", "    options: [inform, consult]\n    answer: engage\n"
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert problem.field == "questions[2].answer"
    assert problem.message == "'engage' is not one of this question's options (inform, consult)"


def test_duplicate_option(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(),
        "    answer: inform\n",
        "    options: [inform, consult, inform]\n    answer: inform\n",
    )
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.message) == (
        "questions[0].options[2]",
        "'inform' is listed twice",
    )


def test_a_question_needs_two_options(tmp_path: Path) -> None:
    text = mutate(
        quiz_yaml(), "    answer: inform\n", "    options: [inform]\n    answer: inform\n"
    )
    assert one_problem(tmp_path, "quiz.yaml", text).field == "questions[0].options"


def test_duplicate_question_ids(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "  - id: case-4", "  - id: case-2")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.line) == ("questions[3].id", line_of(quiz_yaml(), "id: case-4"))
    assert problem.message == "duplicate question id 'case-2' (also questions[1])"


def test_duplicate_rung_ids(tmp_path: Path) -> None:
    text = ladder_yaml(rungs=("inform", "consult", "inform"))
    problem = one_problem(tmp_path, "ladders/nhs-england.yaml", text)
    assert problem.field == "rungs[2].id"
    assert problem.message == "duplicate rung id 'inform' (also rungs[0])"


def test_a_ladder_needs_two_to_ten_rungs(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "ladders/nhs-england.yaml", ladder_yaml(rungs=("only",)))
    assert problem.message == "a ladder needs 2 to 10 rungs; this one has 1"


def test_missing_explanation(tmp_path: Path) -> None:
    text = mutate(quiz_yaml(), "    explanation: Because of reason 5.\n", "    explanation:\n")
    problem = one_problem(tmp_path, "quiz.yaml", text)
    assert (problem.field, problem.message) == (
        "questions[4].explanation",
        "is empty: write some text",
    )


def test_quiz_needs_five_questions(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "quiz.yaml", quiz_yaml(4))
    assert (problem.field, problem.line) == ("questions", line_of(quiz_yaml(4), "  - id: case-1"))
    assert problem.message == "a quiz needs at least 5 questions; this one has 4"


def test_quiz_needs_questions_per_attempt_questions(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, "quiz.yaml", quiz_yaml(6, extra="questions_per_attempt: 7\n"))
    assert problem.message == (
        "a quiz needs at least 7 questions (questions_per_attempt is 7); this one has 6"
    )


@pytest.mark.parametrize("count", [7, 13])
def test_assessment_needs_eight_to_twelve_questions(tmp_path: Path, count: int) -> None:
    problem = one_problem(tmp_path, "a.yaml", assessment_yaml(count))
    assert problem.message == f"an assessment needs 8 to 12 questions; this one has {count}"


@pytest.mark.parametrize("name", ["options", "next_steps"])
def test_assessment_needs_one_entry_per_rung(tmp_path: Path, name: str) -> None:
    verb = "practice at" if name == "options" else "step from"
    text = mutate(assessment_yaml(), f"      engage: Q2 {verb} engage.\n", "")
    problem = one_problem(tmp_path, "a.yaml", text)
    assert problem.field == f"questions[1].{name}"
    assert problem.message.startswith("missing the rung 'engage'")


@pytest.mark.parametrize("name", ["options", "next_steps"])
def test_assessment_unknown_rung_key(tmp_path: Path, name: str) -> None:
    verb = "practice at" if name == "options" else "step from"
    text = mutate(
        assessment_yaml(),
        f"      engage: Q2 {verb} engage.\n",
        f"      engage: x\n      tell: {verb}\n",
    )
    problem = one_problem(tmp_path, "a.yaml", text)
    assert problem.field == f"questions[1].{name}.tell"
    assert problem.line == line_of(text, "tell:")
    assert problem.message == f"'tell' {NOT_A_RUNG}"


def test_power_marks_the_dimensions_that_decide_power(tmp_path: Path) -> None:
    text = mutate(assessment_yaml(power=(2, 5)), "    power: true\n", "    power: True\n")
    text = mutate(
        text, "    question: Question 3?\n", "    question: Question 3?\n    power: false\n"
    )
    write(tmp_path, {"ladders/l.yaml": ladder_yaml(), "a.yaml": text})
    assessment = load_library(tmp_path).default_assessment
    assert [d.id for d in assessment.power_dimensions] == ["dimension-2", "dimension-5"]
    assert [d.decides_power for d in assessment.questions[:3]] == [False, True, False]


@pytest.mark.parametrize("power", [(), "all false"])
def test_assessment_needs_a_power_question(tmp_path: Path, power: tuple[int, ...] | str) -> None:
    text = assessment_yaml(power=())
    if power == "all false":
        text = text.replace("    options:\n", "    power: false\n    options:\n")
    problem = one_problem(tmp_path, "a.yaml", text)
    assert str(problem) == (
        f"{problem.path}:{line_of(text, '  - id: dimension-1')}: questions: "
        "mark at least one question with power: true (the questions that decide who holds "
        "power, such as when people got involved and who makes decisions)"
    )


@pytest.mark.parametrize(("written", "value"), [("yes", "true"), ("on", "true"), ("No", "false")])
def test_power_written_as_yes_or_no(tmp_path: Path, written: str, value: str) -> None:
    text = mutate(assessment_yaml(power=(1, 2)), "    power: true\n", f"    power: {written}\n")
    problem = one_problem(tmp_path, "a.yaml", text)
    assert (problem.field, problem.line) == ("questions[0].power", line_of(text, "power: "))
    assert problem.message == (
        f"got the boolean {value} (YAML reads unquoted yes/no/on/off as true/false): "
        f'write true or false, not "{written}"'
    )


def test_power_yes_alone_is_one_problem(tmp_path: Path) -> None:
    text = mutate(assessment_yaml(), "    power: true\n", "    power: yes\n")
    assert one_problem(tmp_path, "a.yaml", text).field == "questions[0].power"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"yes"', "expected true or false, got the text 'yes'"),
        ("1", "expected true or false, got the number 1"),
    ],
)
def test_power_must_be_true_or_false(tmp_path: Path, written: str, message: str) -> None:
    text = mutate(assessment_yaml(power=(1, 2)), "    power: true\n", f"    power: {written}\n")
    problem = one_problem(tmp_path, "a.yaml", text)
    assert (problem.field, problem.message) == ("questions[0].power", message)


def test_power_in_a_json_assessment(tmp_path: Path) -> None:
    data = yaml.safe_load(assessment_yaml())
    write(tmp_path, {"ladders/l.yaml": ladder_yaml(), "a.json": json.dumps(data, indent=2)})
    assessment = load_library(tmp_path).default_assessment
    assert [d.id for d in assessment.power_dimensions] == ["dimension-1"]


def test_assessment_rung_entry_twice(tmp_path: Path) -> None:
    text = mutate(assessment_yaml(), "      engage: Q2 practice", "      consult: Q2 practice")
    problems = problems_in(tmp_path, {"a.yaml": text})
    assert sorted(p.message.split(":")[0] for p in problems) == [
        "field 'consult' appears twice (only the last would count)",
        "missing the rung 'engage'",
    ]


def test_guide_section_ids_are_unique(tmp_path: Path) -> None:
    problem = one_problem(
        tmp_path, "guide.yaml", mutate(GUIDE, "id: involve-early", "id: sharing-power")
    )
    assert problem.field == "sections[1].id"


# --- Across files ---------------------------------------------------------------------


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    problems = problems_in(tmp_path, {"a.yaml": quiz_yaml(), "b.yaml": quiz_yaml()})
    problem = only(problems)
    assert problem.path.endswith("b.yaml") and problem.field == "id"
    assert problem.message.startswith("duplicate quiz id 'is-it-co-production'")


def test_only_one_guide(tmp_path: Path) -> None:
    other = mutate(GUIDE, "id: principles", "id: other")
    problem = only(problems_in(tmp_path, {"a.yaml": GUIDE, "b.yaml": other}))
    assert problem.path.endswith("b.yaml") and "only one guide" in problem.message


def test_every_problem_in_every_file_is_reported_and_nothing_loads(tmp_path: Path) -> None:
    bad_quiz = mutate(
        mutate(quiz_yaml(4), "version: 1", "version: 0"), "answer: engage", "answer: no"
    )
    bad_assessment = mutate(assessment_yaml(), "title: Where", "titel: Where")
    problems = problems_in(
        tmp_path, {"q.yaml": bad_quiz, "a.yaml": bad_assessment, "g.yaml": GUIDE}
    )
    assert [(Path(p.path).name, p.field) for p in problems] == [
        ("a.yaml", ""),
        ("a.yaml", ""),
        ("q.yaml", "version"),
        ("q.yaml", "questions"),
        ("q.yaml", "questions[2].answer"),
    ]


def test_check_paths_reports_only_the_given_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "ladders/nhs-england.yaml": ladder_yaml(),
            "broken.yaml": "kind: quiz\n",
            "good.yaml": quiz_yaml(),
            "drafts/bad.yaml": quiz_yaml(3, quiz_id="draft"),
        },
    )
    assert check_paths([tmp_path / "good.yaml"], tmp_path) == []
    problems = check_paths([tmp_path / "drafts"], tmp_path)
    assert [Path(p.path).name for p in problems] == ["bad.yaml"]
    missing = only(check_paths([tmp_path / "nope.yaml"], tmp_path))
    assert missing.message == "no such file or folder"


def test_check_paths_uses_ladder_files_passed_outside_root(tmp_path: Path) -> None:
    root, drafts = tmp_path / "root", tmp_path / "drafts"
    write(root, {"ladders/nhs-england.yaml": ladder_yaml()})
    tlap = ladder_yaml("tlap", ("coercion", "educating", "informing", "co-production", "x-five"))
    quiz = quiz_yaml(extra="ladder: tlap\n")
    for old, new in zip(
        RUNGS, ("coercion", "educating", "informing", "x-five", "co-production"), strict=True
    ):
        quiz = quiz.replace(f"answer: {old}", f"answer: {new}")
    write(drafts, {"tlap.yaml": tlap, "quiz.yaml": quiz})
    assert check_paths([drafts / "quiz.yaml"], root) != []
    assert check_paths([drafts / "tlap.yaml", drafts / "quiz.yaml"], root) == []


def test_load_library_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such folder"):
        load_library(tmp_path / "missing")


# --- Problem formatting ---------------------------------------------------------------


def test_problem_and_error_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"quizzes/ladders/l.yaml": ladder_yaml(), "quizzes/x.yaml": quiz_yaml(4)})
    with pytest.raises(ContentError) as raised:
        load_library(Path("quizzes"))
    assert str(raised.value) == (
        "quizzes/x.yaml:9: questions: a quiz needs at least 5 questions; this one has 4"
    )
    assert (
        str(ContentProblem("a.yaml", None, "", "the file is empty")) == "a.yaml: the file is empty"
    )
    two = ContentError(
        [ContentProblem("a.yaml", 1, "id", "x"), ContentProblem("b.yaml", 2, "", "y")]
    )
    assert str(two) == "a.yaml:1: id: x\nb.yaml:2: y"


# --- Ladder ---------------------------------------------------------------------------


def test_ladder_lookups() -> None:
    rungs = tuple(Rung(rung, rung.title(), level, "h", "d") for level, rung in enumerate(RUNGS, 1))
    ladder = Ladder("nhs-england", "NHS", "NHS England", rungs)
    assert len(ladder) == 5 and ladder.ids == RUNGS
    assert ladder.rung("engage").level == 3 and ladder.by_level(3).id == "engage"
    assert ladder.top.id == "co-production"
    for bad in (
        lambda: ladder.rung("nope"),
        lambda: ladder.by_level(0),
        lambda: ladder.by_level(6),
    ):
        with pytest.raises(KeyError):
            bad()


# --- The domain layer stays free of the web framework ---------------------------------


def test_no_domain_module_imports_flask() -> None:
    domain = Path(__file__).resolve().parents[2] / "app" / "domain"
    modules = sorted(domain.glob("*.py"))
    assert modules
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] != "flask", f"{module.name} imports {name}"
