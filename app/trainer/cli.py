"""Command-line tasks: `flask --app wsgi trainers create EMAIL` and `trainers reset-password`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.db import get_db
from app.trainer.accounts import (
    AccountError,
    check_new_email,
    create_trainer,
    find_trainer,
    set_password,
)
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
    db = get_db()
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
    db = get_db()
    trainer = find_trainer(db, email)
    if trainer is None:
        raise click.ClickException(f"There is no trainer with the email address {email}")
    try:
        set_password(trainer, _ask_password("New password (12 characters or more)", trainer.email))
    except AccountError as error:  # the same as the current one
        raise click.ClickException(str(error)) from error
    db.commit()
    click.echo(f"Changed the password of {trainer.email}.")
