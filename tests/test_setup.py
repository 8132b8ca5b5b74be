"""`make run` set-up steps are safe to repeat, and the migrations match the models."""

import subprocess
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from app.db import Base
from app.models import Project, QuizAttempt, Trainer, TrainingSession

ROOT = Path(__file__).resolve().parent.parent


def _fresh_migrated_app(tmp_path):
    from app import create_app

    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path / 'migrated.db'}"})
    return app, app.test_cli_runner()


def _counts(app):
    with app.app_context():
        from app.db import get_db

        session = get_db()
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Trainer, TrainingSession, QuizAttempt, Project)
        }


def test_migrations_apply_twice_and_match_the_models(tmp_path):
    app, runner = _fresh_migrated_app(tmp_path)
    for _ in range(2):
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert "Database is up to date." in result.output

    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"models and migrations differ: write a migration ({diff})"
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_demo_data_loads_once(tmp_path):
    app, runner = _fresh_migrated_app(tmp_path)
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = _counts(app)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert _counts(app) == after_first


def test_built_assets_are_up_to_date_after_setup():
    # `make --question` exits 0 only when nothing would be rebuilt: a second
    # `make run` reuses the built assets instead of building them again.
    result = subprocess.run(
        ["make", "--question", "assets"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
