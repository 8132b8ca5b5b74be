"""Command-line tasks: `flask --app wsgi db upgrade`, `demo`, `quizzes check`."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.db import engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

db_cli = AppGroup("db", help="Database schema migrations.")
quizzes_cli = AppGroup("quizzes", help="Quiz and assessment content.")


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine()
    return config


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations (safe to run again)."""
    command.upgrade(alembic_config(), "head")
    click.echo("Database is up to date.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(), message=message, autogenerate=True)


@quizzes_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def quizzes_check(paths: tuple[Path, ...]) -> None:
    """Check content files (default: the whole content folder) and list every problem."""
    from app.domain.content import check_paths

    root = Path(current_app.config["CONTENT_DIR"])
    problems = check_paths(paths or (root,), root)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found.")
    click.echo(f"All content in {', '.join(str(p) for p in paths or (root,))} is valid.")


@click.command("demo")
@click.option(
    "--if-enabled", is_flag=True, help="Do nothing when the DEMO_DATA setting is off (make run)."
)
@with_appcontext
def demo(if_enabled: bool) -> None:
    """Load demo data into an empty database (does nothing if it has data)."""
    from app.demo import load_demo_data

    if if_enabled and not current_app.config["DEMO_DATA"]:
        click.echo("DEMO_DATA is off: no demo data loaded.")
        return
    click.echo(load_demo_data())


def init_app(app: Flask) -> None:
    from app import deletion
    from app.trainer.cli import trainers_cli

    deletion.init_app(app)
    app.cli.add_command(trainers_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(quizzes_cli)
    app.cli.add_command(demo)
