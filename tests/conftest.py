"""Fixtures in the style of Flask's tutorial: app, client and runner, a fresh database each test.

Tests that use `app` run on SQLite and, when TEST_DATABASE_URL is set, on that PostgreSQL
database too. Every HTML page the test client fetches goes through the page checks.
Password hashing is real Argon2id at its cheapest cost, except in tests marked
`real_password_hashing`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from sqlalchemy import text

from app import (
    content,
    create_app,
    models,  # noqa: F401  (registers the tables)
)
from app.db import Base, make_engine
from app.trainer import passwords
from tests.helpers import body_text
from tests.pagecheck import check_page

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
SHIPPED_CONTENT = (Path(__file__).parent.parent / "quizzes").resolve()


@pytest.fixture(autouse=True)
def quick_password_hashing(request, monkeypatch):
    """Real Argon2id with its cheapest parameters: the service's own cost is ~0.2 s a hash."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


@functools.cache
def _shipped_library():
    return _load_library(SHIPPED_CONTENT)


_load_library = content.load_library


def _load_once(root):
    """The shipped content is read and validated once per test run, not once per app."""
    return _shipped_library() if Path(root).resolve() == SHIPPED_CONTENT else _load_library(root)


@pytest.fixture(autouse=True, scope="session")
def shipped_content_once():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content, "load_library", _load_once)
        yield


BROWSER_GROUPS = 2  # a live server, Chromium and the HTML checker each, on two workers


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (--dist loadgroup) the browser tests share two workers, taking turns,
    so each of those starts the live server, Chromium and the HTML checker once."""
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    for index, item in enumerate(browser_items):
        item.add_marker(pytest.mark.xdist_group(f"browser-{index % BROWSER_GROUPS}"))


class _CompiledTemplates(BytecodeCache):
    """Each template is compiled once per test process, not once per app: compiling the
    NHS macros was most of the time a test's first page took."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket) -> None:
        bucket.code = self._code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED_TEMPLATES = _CompiledTemplates()


class CheckedClient(FlaskClient):
    """A test client that runs the page checks on every HTML page it receives."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        # A redirect's body is Werkzeug's stub, which no browser shows.
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            check_page(body_text(response), url=response.request.path)
        return response


@pytest.fixture(scope="session")
def postgres_url():
    """A schema of its own for this test run, so parallel runs on one database do not collide."""
    schema = f"test_run_{os.getpid()}"  # one per xdist worker too
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    yield url
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _empty_postgres(engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_app(database_url):
    """Build apps on this test's database, with any settings a test changes."""
    made = []

    def make(**overrides):
        app = create_app("test", {"DATABASE_URL": database_url, **overrides})
        app.test_client_class = CheckedClient
        app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
        engine = app.extensions["db_engine"]
        if engine.dialect.name == "sqlite":
            Base.metadata.create_all(engine)
        made.append(engine)
        return app

    yield make
    for engine in made:
        if engine.dialect.name == "postgresql":
            _empty_postgres(engine)
        engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
