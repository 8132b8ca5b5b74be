"""Alembic environment: runs against the engine of the Flask app that called it."""

from alembic import context

from app import models  # noqa: F401  (registers the tables)
from app.db import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    if sqlite:
        # SQLite's batch migrations rebuild a table (copy, drop, rename): with foreign keys
        # on, dropping the old table would delete every row that refers to it (CASCADE).
        # The pragma only takes effect outside a transaction, hence before any statement.
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        raw.execute("PRAGMA foreign_keys=ON")
