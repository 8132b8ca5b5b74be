"""Input the database cannot hold is refused before any route sees it.

Found by tests/test_bad_input.py: a NUL byte in a form field made PostgreSQL refuse the
insert (a 500) while SQLite stored it, and an id in a URL bigger than an integer column
(/trainer/sessions/99999999999999999999) failed in the query on both.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

# The largest value of an INTEGER column in PostgreSQL (and so of every id here).
LARGEST_ID = 2**31 - 1


class DatabaseInteger(IntegerConverter):
    """<int:...> in URLs: numbers too big to be an id do not match, so they are a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def _refuse_nul_bytes() -> None:
    if any("\x00" in value for _, value in request.values.items(multi=True)):
        abort(400)


def init_app(app: Flask) -> None:
    """Call before registering blueprints, so their routes use the converter."""
    app.url_map.converters["int"] = DatabaseInteger
    app.before_request(_refuse_nul_bytes)
