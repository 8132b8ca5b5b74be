"""Database engine and one unit of work per request (SQLAlchemy 2.0, no Flask-SQLAlchemy).

`get_db()` is the request's (or CLI command's) SQLAlchemy session, always called `db`.
Data-access functions take it and never commit: the request commits once, after its view
returns (`commit_request`), so whatever a page does in several steps is all or nothing.
See docs/architecture.md.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app import sqlite_tuning

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def normalise_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// forms hosting platforms hand out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        # WAL, reads that never wait and writes that take turns: see app/sqlite_tuning.py.
        engine = create_engine(url, connect_args=sqlite_tuning.connect_args())
        sqlite_tuning.tune(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def get_db() -> Session:
    """The database session for this request (or CLI command), opened on first use."""
    if "db" not in g:
        g.db = current_app.extensions["db_sessionmaker"]()
    return g.db


def ping(db: Session) -> str | None:
    """None when the database answers; else the kind of error (for /healthz)."""
    try:
        db.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.rollback()  # leave nothing for the request's commit to trip on
        return type(error).__name__
    return None


def commit_request() -> None:
    """Commit the request's unit of work: called once, when its view has returned.

    A view that raised (or aborted) commits nothing: teardown closes the session, which
    rolls back. A commit that fails raises inside the request, so its error handler
    (the 503 page for a database that went away) answers instead of a success page.
    """
    db = g.get("db")
    if db is not None:
        db.commit()


def _close_session(_exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()
