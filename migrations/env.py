"""Alembic environment: runs against the engine of the Flask app that called it."""

from alembic import context

from app import models  # noqa: F401  (registers the tables)
from app.db import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
