"""The example quiz file trainers can download: it passes every check, and its comments say
what each field is for (docs/content-format.md has the full format)."""

from pathlib import Path

EXAMPLE_FILE = (Path(__file__).parent / "example-quiz.yaml").read_text(encoding="utf-8")
