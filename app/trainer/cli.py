"""Command-line tasks: `flask --app wsgi trainers create EMAIL` and `flask --app wsgi purge`."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.db import db_session
from app.trainer.accounts import (
    AccountError,
    check_new_email,
    create_trainer,
    find_trainer,
    set_password,
)
from app.trainer.deletion import purge_older_than
from app.trainer.passwords import password_problem

trainers_cli = AppGroup("trainers", help="Trainer accounts.")


def _ask_password(prompt: str, email: str) -> str:
    """Ask twice without echoing; ask again until the password is long and strong enough."""
    while True:
        password = click.prompt(prompt, hide_input=True, confirmation_prompt=True)
        problem = password_problem(password, email)
        if problem is None:
            return password
        click.echo(f"Error: {problem}. Try again.", err=True)


@trainers_cli.command("create")
@click.argument("email")
def create(email: str) -> None:
    """Create a trainer account (asks for the password twice)."""
    db = db_session()
    try:
        # Check the email first, rather than after asking for a password.
        email = check_new_email(db, email)
        password = _ask_password("Password (12 characters or more)", email)
        trainer = create_trainer(db, email, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.commit()
    click.echo(f"Created trainer {trainer.email}. They can sign in at /trainer/sign-in.")


@trainers_cli.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Set a new password for a trainer who has forgotten theirs."""
    db = db_session()
    trainer = find_trainer(db, email)
    if trainer is None:
        raise click.ClickException(f"There is no trainer with the email address {email}")
    try:
        set_password(trainer, _ask_password("New password (12 characters or more)", trainer.email))
    except AccountError as error:  # the same as the current one
        raise click.ClickException(str(error)) from error
    db.commit()
    click.echo(f"Changed the password of {trainer.email}.")


@click.command("purge")
@with_appcontext
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=None,
    help="Age in days (default: RETENTION_DAYS, 365 unless set).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge(days: int | None, dry_run: bool) -> None:
    """Delete sessions, quiz attempts and self-assessments older than DAYS.

    Everything linked goes with them. Trainers' accounts are kept.
    """
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    db = db_session()
    counts = purge_older_than(db, cutoff, dry_run=dry_run)
    if dry_run:
        db.rollback()
    else:
        db.commit()
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb}, older than {days} days (before {cutoff:%Y-%m-%d %H:%M} UTC):")
    click.echo(f"  {counts.sessions} training session(s)")
    click.echo(f"  {counts.attempts} quiz attempt(s)")
    click.echo(f"  {counts.projects} team self-assessment(s)")
    if dry_run:
        click.echo("Nothing was deleted (dry run).")
