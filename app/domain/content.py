"""Load and check the quiz, assessment, ladder and guide files (docs/content-format.md).

Each file is checked against the JSON Schema for its `kind` (content_schema.py),
then against the rules a schema cannot express: rungs that exist on the ladder,
answers among their options, counts and duplicate ids. Every problem in every
file is collected, each with its file, line and field; if there is any, nothing
loads (ContentError), so the service never runs on half its content.

A quiz or assessment keeps the data it was built from, so snapshot() can store the exact
wording a round of answers was given with and from_snapshot() can rebuild it later, even
after the file has changed.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.domain.content_schema import ID_PATTERN, SCHEMAS
from app.domain.ladder import Ladder, Rung

DEFAULT_LADDER_ID = "nhs-england"
KINDS = ("ladder", "quiz", "assessment", "guide")
CONTENT_SUFFIXES = (".yaml", ".yml", ".json")
LADDER_RUNGS = (2, 10)
QUIZ_MIN_QUESTIONS = 5
DEFAULT_QUESTIONS_PER_ATTEMPT = 5
DEFAULT_PROMPT = "What kind of involvement is this?"
ASSESSMENT_QUESTIONS = (8, 12)

SNAPSHOT_PATH = Path("<snapshot>")  # the path of an item rebuilt from a snapshot
OWN_QUIZ_PATH = Path("<own quiz>")  # the path of a trainer's own quiz (in the database)
# Ids of trainers' own quizzes ("own-" and their row's id): no content file may use one.
OWN_QUIZ_PREFIX = "own-"

FieldPath = tuple[str | int, ...]


# --- Loaded content -------------------------------------------------------------------


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    scenario: str
    options: tuple[Rung, ...]
    answer: Rung
    explanation: str
    feedback: Mapping[str, str]  # rung id -> text shown when that option was picked
    talk_about: str | None = None  # a question a trainer can ask the room
    setting: str | None = None  # where it happens, e.g. "care home"


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    version: int
    minutes: int
    introduction: str
    ladder: Ladder
    questions: tuple[QuizQuestion, ...]  # the bank each attempt draws from
    questions_per_attempt: int
    content_hash: str
    path: Path = field(compare=False)
    min_rungs: int = 1  # different right answers every draw must hold
    prompt: str = DEFAULT_PROMPT  # the question above each story's options
    # The parsed file and its ladder's parsed file, as loaded: what snapshot() stores.
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    ladder_data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def question(self, question_id: str) -> QuizQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"quiz {self.id} has no question {question_id!r}")

    def asked(self, question_ids: Sequence[str] | None) -> tuple[QuizQuestion, ...]:
        """The questions an attempt asks, in its order.

        Attempts made before draws were stored (None) asked the first
        questions_per_attempt questions of their own version, in file order.
        """
        if question_ids is None:
            return self.questions[: self.questions_per_attempt]
        return tuple(self.question(question_id) for question_id in question_ids)


@dataclass(frozen=True)
class Dimension:
    """One self-assessment question; `name` is the short name used in tables and charts."""

    id: str
    name: str
    question: str
    hint: str | None
    options: Mapping[str, str]  # rung id -> practice at that rung, in ladder order
    next_steps: Mapping[str, str]  # rung id -> how to move up from that rung
    decides_power: bool = False  # `power: true`: the project cannot be placed above it
    discuss: str | None = None  # the prompt question when the team agrees its rung


@dataclass(frozen=True)
class Assessment:
    id: str
    title: str
    version: int
    minutes: int
    introduction: str
    ladder: Ladder
    questions: tuple[Dimension, ...]
    content_hash: str
    path: Path = field(compare=False)
    # The parsed file and its ladder's parsed file, as loaded: what snapshot() stores.
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    ladder_data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def question(self, dimension_id: str) -> Dimension:
        for dimension in self.questions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(f"assessment {self.id} has no question {dimension_id!r}")

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(dimension.id for dimension in self.questions)

    @property
    def power_dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions marked `power: true`, in file order (at least one when loaded)."""
        return tuple(dimension for dimension in self.questions if dimension.decides_power)


@dataclass(frozen=True)
class GuideSection:
    id: str
    heading: str
    body: str


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    introduction: str
    sections: tuple[GuideSection, ...]


@dataclass(frozen=True)
class Library:
    ladders: dict[str, Ladder]
    quizzes: dict[str, Quiz]
    assessments: dict[str, Assessment]
    guide: Guide | None = None
    # Each ladder's parsed file: what a trainer's own quiz is checked and built against.
    ladder_data: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def quiz(self, quiz_id: str | None) -> Quiz | None:
        """The quiz with this id, or None (also for a session or attempt without one)."""
        return self.quizzes.get(quiz_id or "")

    def assessment(self, assessment_id: str | None) -> Assessment | None:
        return self.assessments.get(assessment_id or "")

    @property
    def default_assessment(self) -> Assessment | None:
        """The first assessment in file order (normally the only one)."""
        return next(iter(self.assessments.values()), None)


# --- Problems -------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentProblem:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentError(Exception):
    def __init__(self, problems: Iterable[ContentProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- Public entry points --------------------------------------------------------------


def load_library(root: Path | str) -> Library:
    """Load every content file under root; raise ContentError listing all problems."""
    root = Path(root)
    if not root.is_dir():
        raise ContentError([ContentProblem(_display(root), None, "", "no such folder")])
    docs = [_read(path) for path in _content_files(root)]
    collector = _Collector()
    collector.add(docs)
    problems = [problem for doc in docs for problem in doc.sorted_problems()]
    if problems:
        raise ContentError(problems)
    return Library(
        ladders=dict(collector.ladders),
        quizzes=collector.quizzes,
        assessments=collector.assessments,
        guide=collector.guide,
        ladder_data=dict(collector.ladder_data),
    )


def check_paths(paths: Iterable[Path | str], root: Path | str) -> list[ContentProblem]:
    """Check the given files (folders are searched) and return their problems; [] means valid.

    Quizzes and assessments may use any ladder under root as well as ladder files
    among the paths. Problems in other files under root are not reported.
    """
    root = Path(root)
    problems: list[ContentProblem] = []
    targets: dict[Path, Path] = {}  # resolved -> as given, to keep the user's spelling
    for given in map(Path, paths):
        if given.is_dir():
            targets.update((path.resolve(), path) for path in _content_files(given))
        elif given.is_file():
            targets.setdefault(given.resolve(), given)
        else:
            problems.append(ContentProblem(_display(given), None, "", "no such file or folder"))

    collector = _Collector()
    if root.is_dir():
        others = [path for path in _content_files(root) if path.resolve() not in targets]
        collector.add([doc for doc in map(_read, others) if doc.kind == "ladder"])
    docs = [_read(path) for path in targets.values()]
    collector.add(docs)
    return problems + [problem for doc in docs for problem in doc.sorted_problems()]


def check_quiz_text(
    text: str, name: str, library: Library
) -> tuple[dict[str, Any] | None, list[ContentProblem]]:
    """Check an uploaded quiz file against the same rules and the library's ladders.

    The parsed data when there is no problem, else None and every problem, each with the
    file's name, line and field. Its id may be anything: own_quiz() gives it the service's.
    """
    doc = _Doc(Path(name))
    if not text.strip():
        doc.add((), "the file is empty")
    elif _plain_yaml(doc, text) and _parse_yaml(doc, text):
        _check_parsed(doc)
    return _checked_quiz(doc, library)


# A quiz is nested 4 levels deep (questions, a question, feedback, a rung's text).
MAX_UPLOAD_DEPTH = 10


def _plain_yaml(doc: _Doc, text: str) -> bool:
    """False (with the problem) for YAML an untrusted file must not use: aliases, which can
    make a small file expand to billions of values, and nesting deep enough to exhaust the
    parser. Read as a stream of events, which neither expands nor recurses."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                message = "uses a YAML alias (*name): write the text out in full each time"
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth <= MAX_UPLOAD_DEPTH:
                    continue
                message = f"nested more than {MAX_UPLOAD_DEPTH} levels deep"
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            else:
                continue
            doc.problems.append(ContentProblem(_display(doc.path), line, "", message))
            return False
    except yaml.YAMLError:
        pass  # _parse_yaml reports it, with its line
    return True


def check_quiz_data(
    data: dict[str, Any], library: Library
) -> tuple[dict[str, Any] | None, list[ContentProblem]]:
    """check_quiz_text for a quiz written in the trainer's form (no file, so no lines)."""
    doc = _Doc(OWN_QUIZ_PATH, data=copy.deepcopy(data))
    _check_parsed(doc)
    return _checked_quiz(doc, library)


def _checked_quiz(
    doc: _Doc, library: Library
) -> tuple[dict[str, Any] | None, list[ContentProblem]]:
    if doc.kind not in (None, "quiz"):
        doc.add(("kind",), f"this is {doc.kind} content: a quiz file says kind: quiz")
    elif doc.kind == "quiz":
        collector = _Collector(reserved_prefix=None)
        collector.ladders.update(library.ladders)
        collector.ladder_data.update(library.ladder_data)
        collector.add([doc])
    problems = doc.sorted_problems()
    return (None if problems else doc.data), problems


def own_quiz(data: Mapping[str, Any], quiz_id: str, version: int, library: Library) -> Quiz:
    """A checked quiz (check_quiz_text or check_quiz_data) as a trainer's own quiz: its id
    and version are the service's, whatever the file said."""
    data = {**copy.deepcopy(dict(data)), "id": quiz_id, "version": version}
    ladder_id = data.get("ladder", DEFAULT_LADDER_ID)
    ladder_data = dict(library.ladder_data[ladder_id])
    return _build_quiz(data, library.ladders[ladder_id], ladder_data, OWN_QUIZ_PATH)


def snapshot(item: Quiz | Assessment) -> dict[str, Any]:
    """The content a quiz or assessment was built from, as JSON-ready data.

    {"kind": "quiz" | "assessment", "data": <the parsed file>, "ladder": <its ladder's parsed
    file>}. Store it with a round of answers; from_snapshot() rebuilds the same item from it.
    """
    if isinstance(item, Quiz):
        kind = "quiz"
    elif isinstance(item, Assessment):
        kind = "assessment"
    else:
        raise TypeError(f"can only snapshot a Quiz or an Assessment, not {type(item).__name__}")
    if not item.data or not item.ladder_data:
        raise ValueError(f"{kind} {item.id} was not built from content data: nothing to snapshot")
    return {
        "kind": kind,
        "data": copy.deepcopy(dict(item.data)),
        "ladder": copy.deepcopy(dict(item.ladder_data)),
    }


def from_snapshot(snapshot: Mapping[str, Any]) -> Quiz | Assessment:
    """Rebuild the quiz or assessment a snapshot() was taken of: equal to it, with the same
    content_hash; its path is SNAPSHOT_PATH.

    The snapshot is trusted as it was checked when it was loaded, so a snapshot taken under
    older rules (such as an assessment from before `power`) still rebuilds. ValueError if it
    is not a snapshot at all.
    """
    try:
        kind = snapshot["kind"]
        data = copy.deepcopy(dict(snapshot["data"]))
        ladder_data = copy.deepcopy(dict(snapshot["ladder"]))
        if kind not in ("quiz", "assessment") or data.get("kind") != kind:
            raise ValueError(f"unknown snapshot kind {kind!r}")
        ladder = _build_ladder(ladder_data)
        if ladder.id != data.get("ladder", DEFAULT_LADDER_ID):
            raise ValueError(f"the ladder {ladder.id!r} is not the one the {kind} uses")
        build = _build_quiz if kind == "quiz" else _build_assessment
        return build(data, ladder, ladder_data, SNAPSHOT_PATH)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ValueError(f"not a content snapshot: {error}") from error


# --- Reading one file -----------------------------------------------------------------


@dataclass
class _Doc:
    """One content file: its parsed data, YAML node tree (for line numbers) and problems."""

    path: Path
    data: Any = None
    node: Node | None = None
    kind: str | None = None  # set only when the data is a mapping with a known kind
    problems: list[ContentProblem] = field(default_factory=list)

    def add(self, where: FieldPath, message: str, *, node: Node | None = None) -> None:
        """Record a problem at `where`; its line is that of `node`, else of `where`."""
        node = node or _find(self.node, where)
        line = node.start_mark.line + 1 if node is not None else None
        problem = ContentProblem(_display(self.path), line, _format_field(where), message)
        if problem not in self.problems:
            self.problems.append(problem)

    def key_node(self, where: FieldPath) -> Node | None:
        """The node of the last key in `where` (for problems about the key itself)."""
        return _find(self.node, where, key=True)

    def sorted_problems(self) -> list[ContentProblem]:
        return sorted(self.problems, key=lambda problem: problem.line or 0)


class _TextKeyLoader(yaml.SafeLoader):
    """SafeLoader that keeps every mapping key as written: `no:` stays "no", not False."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[str, Any]:
        self.flatten_mapping(node)  # apply `<<` merge keys, as SafeLoader does
        return {
            key.value: self.construct_object(value, deep=deep)
            for key, value in node.value
            if isinstance(key, ScalarNode)  # other keys are reported by _check_keys
        }


def _read(path: Path) -> _Doc:
    """Parse one file and check it against the schema for its kind."""
    doc = _Doc(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        doc.add((), "not UTF-8 text: save the file as UTF-8")
        return doc
    except OSError as error:
        doc.add((), f"cannot read the file: {error.strerror}")
        return doc

    if not text.strip():
        doc.add((), "the file is empty")
        return doc
    parsed = _parse_json(doc, text) if path.suffix.lower() == ".json" else _parse_yaml(doc, text)
    if parsed:
        _check_parsed(doc)
    return doc


def _check_parsed(doc: _Doc) -> None:
    """Check parsed data against the schema for its kind (setting doc.kind)."""
    data = doc.data
    if data is None:
        doc.add((), "the file is empty")
    elif not isinstance(data, dict):
        doc.add(
            (), f"the top level must be a set of fields (kind: ..., id: ...), not {_describe(data)}"
        )
    elif "kind" not in data:
        doc.add((), f"missing required field 'kind' (one of {', '.join(KINDS)})")
    elif data["kind"] not in KINDS:
        doc.add(("kind",), f"unknown kind {data['kind']!r} (choose from {', '.join(KINDS)})")
    else:
        doc.kind = data["kind"]
        for error in _VALIDATORS[data["kind"]].iter_errors(data):
            _report_schema_error(doc, error)


def _parse_yaml(doc: _Doc, text: str) -> bool:
    """Set doc.data and doc.node; False if the text cannot be turned into data."""
    loader = _TextKeyLoader(text)
    try:
        doc.node = loader.get_single_node()
        if doc.node is not None and not _check_keys(doc, doc.node, (), frozenset()):
            return False
        doc.data = loader.construct_document(doc.node) if doc.node is not None else None
        return True
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        hint = ""
        if "mapping values are not allowed" in str(error.problem):
            hint = " (text that contains ': ' must be in quotes)"
        elif "'\\t'" in str(error.problem):
            hint = " (indent with spaces, not tabs)"
        doc.node = None
        doc.problems.append(
            ContentProblem(
                _display(doc.path),
                mark.line + 1 if mark else None,
                "",
                f"not valid YAML: {error.problem}{hint}",
            )
        )
    except yaml.YAMLError as error:
        doc.node = None
        doc.add((), f"not valid YAML: {error}")
    finally:
        loader.dispose()
    return False


def _parse_json(doc: _Doc, text: str) -> bool:
    """Set doc.data (and doc.node when possible); False if the text is not JSON."""
    try:
        doc.data = json.loads(text)
    except json.JSONDecodeError as error:
        doc.problems.append(
            ContentProblem(_display(doc.path), error.lineno, "", f"not valid JSON: {error.msg}")
        )
        return False
    try:  # JSON is (nearly) YAML: its node tree gives line numbers and duplicate keys
        doc.node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        doc.node = None
    if doc.node is not None:
        _check_keys(doc, doc.node, (), frozenset())
    return True


def _check_keys(doc: _Doc, node: Node, where: FieldPath, active: frozenset[int]) -> bool:
    """Report duplicate and non-text keys; False if an alias makes the data refer to itself."""
    if id(node) in active:
        doc.add(where, "this value refers to itself through a YAML alias")
        return False
    active = active | {id(node)}
    ok = True
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                doc.add(where, "a field name must be plain text", node=key)
                continue
            if key.value in seen:
                doc.add(
                    where,
                    f"field '{key.value}' appears twice (only the last would count)",
                    node=key,
                )
            seen.add(key.value)
            ok = _check_keys(doc, value, (*where, key.value), active) and ok
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            ok = _check_keys(doc, item, (*where, index), active) and ok
    return ok


# --- Schema problems in plain words ---------------------------------------------------

_VALIDATORS = {kind: Draft202012Validator(schema) for kind, schema in SCHEMAS.items()}

_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields (name: value)",
}


def _report_schema_error(doc: _Doc, error: ValidationError) -> None:
    where: FieldPath = tuple(error.absolute_path)
    value = error.instance
    if error.validator == "required":
        for name in error.validator_value:
            if name not in value:
                doc.add(where, f"missing required field '{name}'")
    elif error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        for name in value:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                suggestion = f" (did you mean '{close[0]}'?)" if close else ""
                message = f"unknown field '{name}'{suggestion}"
                doc.add(where, message, node=doc.key_node((*where, name)))
    elif error.validator == "type":
        doc.add(where, _type_message(str(error.validator_value), value, _find(doc.node, where)))
    elif error.validator == "pattern" and error.validator_value == ID_PATTERN:
        doc.add(
            where,
            f"{value!r} is not a valid id: use lowercase letters, digits and hyphens, "
            "like 'clinic-move-letter'",
        )
    elif error.validator == "pattern":
        doc.add(where, "is empty: write some text")
    elif error.validator == "minimum":
        doc.add(where, f"must be a positive whole number (1 or more), not {value}")
    else:
        doc.add(where, error.message)


def _type_message(expected: str, value: Any, node: Node | None) -> str:
    written = node.value if isinstance(node, ScalarNode) else None
    if expected == "string":
        if value is None:
            return "is empty: write some text"
        if isinstance(value, bool) and written and written.lower() not in ("true", "false"):
            return (
                f"got the boolean {str(value).lower()} (YAML reads unquoted yes/no/on/off "
                f'as true/false): put the text in quotes, like "{written}"'
            )
        if isinstance(value, (bool, int, float, date)):
            return f"expected text, got {_describe(value)}: put the text in quotes"
    if expected == "integer" and isinstance(value, str) and value.strip().isdigit():
        return f"expected a whole number, got the text {value!r}: remove the quotes"
    return f"expected {_EXPECTED.get(expected, expected)}, got {_describe(value)}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


# --- Rules beyond the schema, and building the objects --------------------------------


class _Collector:
    """Checks documents against each other and the ladders, and builds what is valid.

    Ladders are added before the rest so quizzes and assessments can refer to them.
    """

    def __init__(self, reserved_prefix: str | None = OWN_QUIZ_PREFIX) -> None:
        self.reserved_prefix = reserved_prefix  # quiz ids files may not use
        self.ladders: dict[str, Ladder] = {}
        self.ladder_data: dict[str, dict[str, Any]] = {}  # ladder id -> its parsed file
        self.broken_ladders: dict[str, Path] = {}  # ids of ladder files that have problems
        self.quizzes: dict[str, Quiz] = {}
        self.assessments: dict[str, Assessment] = {}
        self.guide: Guide | None = None
        self.guide_path: Path | None = None
        self.seen: dict[tuple[str, str], Path] = {}  # (kind, id) -> first file using it

    def add(self, docs: list[_Doc]) -> None:
        for doc in docs:
            if doc.kind == "ladder":
                self._add_ladder(doc)
        for doc in docs:
            if doc.kind in ("quiz", "assessment"):
                self._add_quiz_or_assessment(doc)
            elif doc.kind == "guide":
                self._add_guide(doc)

    def _claim_id(self, doc: _Doc) -> None:
        """Report an id already used by another file of the same kind."""
        doc_id = doc.data.get("id")
        if not isinstance(doc_id, str) or doc.kind is None:
            return
        if doc.kind == "quiz" and self.reserved_prefix and doc_id.startswith(self.reserved_prefix):
            doc.add(("id",), f"ids starting '{self.reserved_prefix}' are for trainers' own quizzes")
        first = self.seen.setdefault((doc.kind, doc_id), doc.path)
        if first != doc.path:
            doc.add(("id",), f"duplicate {doc.kind} id '{doc_id}': {_display(first)} uses it too")

    def _add_ladder(self, doc: _Doc) -> None:
        rungs = doc.data.get("rungs")
        if isinstance(rungs, list):
            low, high = LADDER_RUNGS
            if not low <= len(rungs) <= high:
                doc.add(
                    ("rungs",), f"a ladder needs {low} to {high} rungs; this one has {len(rungs)}"
                )
            _check_unique_ids(doc, rungs, ("rungs",), "rung")
        self._claim_id(doc)
        if doc.problems:
            if isinstance(doc.data.get("id"), str):
                self.broken_ladders.setdefault(doc.data["id"], doc.path)
            return
        ladder = _build_ladder(doc.data)
        self.ladders[ladder.id] = ladder
        self.ladder_data[ladder.id] = doc.data

    def _ladder_for(self, doc: _Doc) -> Ladder | None:
        ladder_id = doc.data.get("ladder", DEFAULT_LADDER_ID)
        if not isinstance(ladder_id, str):
            return None  # the schema check has reported it
        if ladder_id in self.ladders:
            return self.ladders[ladder_id]
        where: FieldPath = ("ladder",) if "ladder" in doc.data else ()
        if ladder_id in self.broken_ladders:
            broken = _display(self.broken_ladders[ladder_id])
            doc.add(where, f"ladder '{ladder_id}' has problems of its own ({broken}); fix it first")
        else:
            choices = f"choose from {', '.join(self.ladders)}" if self.ladders else "none loaded"
            doc.add(where, f"unknown ladder '{ladder_id}' ({choices})")
        return None

    def _add_quiz_or_assessment(self, doc: _Doc) -> None:
        ladder = self._ladder_for(doc)
        if doc.kind == "quiz":
            _check_quiz(doc, ladder)
        else:
            _check_assessment(doc, ladder)
        self._claim_id(doc)
        if doc.problems or ladder is None:
            return
        ladder_data = self.ladder_data[ladder.id]
        if doc.kind == "quiz":
            quiz = _build_quiz(doc.data, ladder, ladder_data, doc.path)
            self.quizzes[quiz.id] = quiz
        else:
            assessment = _build_assessment(doc.data, ladder, ladder_data, doc.path)
            self.assessments[assessment.id] = assessment

    def _add_guide(self, doc: _Doc) -> None:
        sections = doc.data.get("sections")
        if isinstance(sections, list):
            if not sections:
                doc.add(("sections",), "a guide needs at least one section")
            _check_unique_ids(doc, sections, ("sections",), "section")
        if self.guide_path is not None:
            doc.add((), f"only one guide is allowed; {_display(self.guide_path)} is one already")
        self.guide_path = self.guide_path or doc.path
        if not doc.problems:
            self.guide = _build_guide(doc.data)


def _check_unique_ids(doc: _Doc, items: list[Any], where: FieldPath, what: str) -> None:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            other = _format_field((*where, first[item_id]))
            doc.add((*where, index, "id"), f"duplicate {what} id '{item_id}' (also {other})")
        else:
            first[item_id] = index


def _not_a_rung(value: str, ladder: Ladder) -> str:
    return f"'{value}' is not a rung of ladder {ladder.id} (choose from {', '.join(ladder.ids)})"


def _check_quiz(doc: _Doc, ladder: Ladder | None) -> None:
    questions = doc.data.get("questions")
    if not isinstance(questions, list):
        return
    needed, reason = QUIZ_MIN_QUESTIONS, ""
    per_attempt = doc.data.get("questions_per_attempt")
    if type(per_attempt) is int and per_attempt > needed:
        needed, reason = per_attempt, f" (questions_per_attempt is {per_attempt})"
    if len(questions) < needed:
        doc.add(
            ("questions",),
            f"a quiz needs at least {needed} questions{reason}; this one has {len(questions)}",
        )
    _check_unique_ids(doc, questions, ("questions",), "question")
    if ladder is not None:
        for index, question in enumerate(questions):
            if isinstance(question, dict):
                _check_quiz_question(doc, ("questions", index), question, ladder)
        _check_draw(doc, questions, ladder)


def _check_draw(doc: _Doc, questions: list[Any], ladder: Ladder) -> None:
    """The bank must be able to fill every draw: enough questions and enough rungs."""
    draw = doc.data.get("draw")
    min_rungs = draw.get("min_rungs") if isinstance(draw, dict) else None
    if type(min_rungs) is not int:
        return
    per_attempt = doc.data.get("questions_per_attempt", DEFAULT_QUESTIONS_PER_ATTEMPT)
    if type(per_attempt) is int and min_rungs > per_attempt:
        doc.add(
            ("draw", "min_rungs"),
            f"an attempt asks {per_attempt} questions, so it cannot hold {min_rungs} "
            "different rungs",
        )
    answers = {
        q.get("answer") for q in questions if isinstance(q, dict) and q.get("answer") in ladder.ids
    }
    if len(answers) < min_rungs:
        doc.add(
            ("draw", "min_rungs"),
            f"every draw needs {min_rungs} different rungs, but the questions' answers "
            f"cover only {len(answers)} ({', '.join(sorted(answers)) or 'none'})",
        )


def _check_quiz_question(
    doc: _Doc, where: FieldPath, question: dict[str, Any], ladder: Ladder
) -> None:
    options = question.get("options", list(ladder.ids))
    if isinstance(options, list):
        if len(options) < 2:
            doc.add((*where, "options"), "list at least 2 options to choose from")
        for index, option in enumerate(options):
            if not isinstance(option, str):
                continue
            if option not in ladder.ids:
                doc.add((*where, "options", index), _not_a_rung(option, ladder))
            elif option in options[:index]:
                doc.add((*where, "options", index), f"'{option}' is listed twice")
        listed = list(dict.fromkeys(option for option in options if option in ladder.ids))
        if listed != sorted(listed, key=ladder.ids.index):
            doc.add((*where, "options"), "list the options in ladder order, lowest rung first")

    answer = question.get("answer")
    if isinstance(answer, str):
        if answer not in ladder.ids:
            doc.add((*where, "answer"), _not_a_rung(answer, ladder))
        elif isinstance(options, list) and answer not in options:
            listed = ", ".join(map(str, options))
            doc.add(
                (*where, "answer"), f"'{answer}' is not one of this question's options ({listed})"
            )

    feedback = question.get("feedback")
    if isinstance(feedback, dict):
        for rung_id in feedback:
            at = (*where, "feedback", rung_id)
            if rung_id not in ladder.ids:
                doc.add(at, _not_a_rung(rung_id, ladder), node=doc.key_node(at))
            elif isinstance(options, list) and rung_id not in options:
                message = f"feedback for '{rung_id}', which is not one of this question's options"
                doc.add(at, message, node=doc.key_node(at))


def _check_assessment(doc: _Doc, ladder: Ladder | None) -> None:
    questions = doc.data.get("questions")
    if not isinstance(questions, list):
        return
    low, high = ASSESSMENT_QUESTIONS
    if not low <= len(questions) <= high:
        doc.add(
            ("questions",),
            f"an assessment needs {low} to {high} questions; this one has {len(questions)}",
        )
    _check_unique_ids(doc, questions, ("questions",), "question")
    _check_power(doc, questions)
    if ladder is None:
        return
    for index, question in enumerate(questions):
        for name in ("options", "next_steps"):
            entries = question.get(name) if isinstance(question, dict) else None
            if isinstance(entries, dict):
                _check_one_per_rung(doc, ("questions", index, name), entries, ladder)


def _check_power(doc: _Doc, questions: list[Any]) -> None:
    """`power` is written true or false, and at least one question has `power: true`."""
    marked = False
    for index, question in enumerate(questions):
        if not isinstance(question, dict) or not isinstance(question.get("power"), bool):
            continue  # a power that is not a boolean at all is reported by the schema check
        marked = marked or question["power"]
        where: FieldPath = ("questions", index, "power")
        node = _find(doc.node, where)
        written = node.value if isinstance(node, ScalarNode) else None
        if written and written.lower() not in ("true", "false"):
            doc.add(
                where,
                f"got the boolean {str(question['power']).lower()} (YAML reads unquoted "
                f'yes/no/on/off as true/false): write true or false, not "{written}"',
            )
    if questions and not marked:
        doc.add(
            ("questions",),
            "mark at least one question with power: true (the questions that decide who holds "
            "power, such as when people got involved and who makes decisions)",
        )


def _check_one_per_rung(
    doc: _Doc, where: FieldPath, entries: dict[str, Any], ladder: Ladder
) -> None:
    for rung_id in entries:
        if rung_id not in ladder.ids:
            at = (*where, rung_id)
            doc.add(at, _not_a_rung(rung_id, ladder), node=doc.key_node(at))
    for rung_id in ladder.ids:
        if rung_id not in entries:
            doc.add(where, f"missing the rung '{rung_id}': write one entry for every rung")


def _text(value: str) -> str:
    return value.strip()


def _content_hash(data: Any) -> str:
    """A short fingerprint of the parsed content: comments and layout do not change it."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _build_ladder(data: dict[str, Any]) -> Ladder:
    rungs = tuple(
        Rung(
            id=rung["id"],
            name=_text(rung["name"]),
            level=level,
            hint=_text(rung["hint"]),
            description=_text(rung["description"]),
            fits=_text(rung["fits"]) if "fits" in rung else None,
        )
        for level, rung in enumerate(data["rungs"], start=1)
    )
    return Ladder(data["id"], _text(data["title"]), _text(data["source"]), rungs)


def _build_quiz(
    data: dict[str, Any], ladder: Ladder, ladder_data: dict[str, Any], path: Path
) -> Quiz:
    questions = tuple(
        QuizQuestion(
            id=question["id"],
            scenario=_text(question["scenario"]),
            options=tuple(ladder.rung(rung_id) for rung_id in question.get("options", ladder.ids)),
            answer=ladder.rung(question["answer"]),
            explanation=_text(question["explanation"]),
            feedback={
                rung_id: _text(text) for rung_id, text in question.get("feedback", {}).items()
            },
            talk_about=_text(question["talk_about"]) if "talk_about" in question else None,
            setting=_text(question["setting"]) if "setting" in question else None,
        )
        for question in data["questions"]
    )
    return Quiz(
        **_shared_fields(data, ladder, ladder_data, path),
        questions=questions,
        questions_per_attempt=int(data.get("questions_per_attempt", DEFAULT_QUESTIONS_PER_ATTEMPT)),
        min_rungs=int(data.get("draw", {}).get("min_rungs", 1)),
        prompt=_text(data.get("prompt", DEFAULT_PROMPT)),
    )


def _build_assessment(
    data: dict[str, Any], ladder: Ladder, ladder_data: dict[str, Any], path: Path
) -> Assessment:
    def per_rung(entries: dict[str, str]) -> Mapping[str, str]:
        return {rung_id: _text(entries[rung_id]) for rung_id in ladder.ids}

    dimensions = tuple(
        Dimension(
            id=question["id"],
            name=_text(question["dimension"]),
            question=_text(question["question"]),
            hint=_text(question["hint"]) if "hint" in question else None,
            options=per_rung(question["options"]),
            next_steps=per_rung(question["next_steps"]),
            decides_power=question.get("power", False) is True,
            discuss=_text(question["discuss"]) if "discuss" in question else None,
        )
        for question in data["questions"]
    )
    return Assessment(**_shared_fields(data, ladder, ladder_data, path), questions=dimensions)


def _shared_fields(
    data: dict[str, Any], ladder: Ladder, ladder_data: dict[str, Any], path: Path
) -> dict[str, Any]:
    """The fields a quiz and an assessment both have, read the same way."""
    return {
        "id": data["id"],
        "title": _text(data["title"]),
        "version": int(data["version"]),
        "minutes": int(data["minutes"]),
        "introduction": _text(data["introduction"]),
        "ladder": ladder,
        "content_hash": _content_hash(data),
        "path": path,
        "data": data,
        "ladder_data": ladder_data,
    }


def _build_guide(data: dict[str, Any]) -> Guide:
    sections = tuple(
        GuideSection(section["id"], _text(section["heading"]), _text(section["body"]))
        for section in data["sections"]
    )
    return Guide(data["id"], _text(data["title"]), _text(data["introduction"]), sections)


# --- Small helpers --------------------------------------------------------------------


def _content_files(folder: Path) -> list[Path]:
    """Content files under folder, sorted; hidden files and folders are skipped."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in CONTENT_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def _display(path: Path) -> str:
    """The path relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _format_field(where: FieldPath) -> str:
    """("questions", 2, "answer") -> "questions[2].answer"."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _find(root: Node | None, where: FieldPath, *, key: bool = False) -> Node | None:
    """The node at `where` (its key node if key=True), or the deepest one found on the way."""
    node = root
    for step, part in enumerate(where):
        if isinstance(node, MappingNode):
            # The last matching key wins, as it does when the data is built.
            pairs = [pair for pair in node.value if getattr(pair[0], "value", None) == part]
            if not pairs:
                break
            key_node, node = pairs[-1]
            if key and step == len(where) - 1:
                return key_node
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node
