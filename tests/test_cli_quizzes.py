"""`flask --app wsgi quizzes check`: the content validator on the command line."""

from __future__ import annotations

from pathlib import Path

# Three problems: an unquoted `no` (YAML reads it as false), a rung that does not exist and
# a question id used twice.
BAD_QUIZ = """\
kind: quiz
id: bad-quiz
title: A quiz with problems
version: 1
minutes: 5
introduction: Short real-life cases.
questions:
  - id: case-1
    scenario: Case one happened.
    answer: inform
    explanation: no
  - id: case-2
    scenario: Case two happened.
    answer: co-operation
    explanation: Because of reason two.
  - id: case-1
    scenario: Case three happened.
    answer: engage
    explanation: Because of reason three.
  - id: case-4
    scenario: Case four happened.
    answer: co-design
    explanation: Because of reason four.
  - id: case-5
    scenario: Case five happened.
    answer: co-production
    explanation: Because of reason five.
"""


def test_the_shipped_content_passes(runner):
    result = runner.invoke(args=["quizzes", "check"])
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output


def test_a_bad_file_fails_with_one_line_per_problem(runner, tmp_path: Path):
    bad = tmp_path / "bad-quiz.yaml"
    bad.write_text(BAD_QUIZ)
    result = runner.invoke(args=["quizzes", "check", str(bad)])
    assert result.exit_code != 0
    assert result.stderr.splitlines()[:3] == [
        f"{bad}:11: questions[0].explanation: got the boolean false (YAML reads unquoted "
        'yes/no/on/off as true/false): put the text in quotes, like "no"',
        f"{bad}:14: questions[1].answer: 'co-operation' is not a rung of ladder nhs-england "
        "(choose from inform, consult, engage, co-design, co-production)",
        f"{bad}:16: questions[2].id: duplicate question id 'case-1' (also questions[0])",
    ]
    assert "3 problem(s) found" in result.stderr


def test_a_good_file_given_by_path_passes(runner, app):
    shipped = Path(app.config["CONTENT_DIR"]) / "is-it-co-production.yaml"
    result = runner.invoke(args=["quizzes", "check", str(shipped)])
    assert result.exit_code == 0, result.output
