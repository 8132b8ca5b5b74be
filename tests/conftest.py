"""Fixtures in the style of Flask's tutorial: app, client and runner, a fresh database each test.

Tests that use `app` run on SQLite and, when TEST_DATABASE_URL is set, on that PostgreSQL
database too. Every HTML page the test client fetches goes through the page checks.
"""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import (
    create_app,
    models,  # noqa: F401  (registers the tables)
)
from app.db import Base, make_engine
from tests.helpers import body_text
from tests.pagecheck import check_page

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


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
    schema = f"test_run_{os.getpid()}"
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
