"""honest team results: closing rounds, members' link, Not yet answers, content snapshots

Revision ID: 3c1f0e7d2a94
Revises: 8a9ea7b45b71
Create Date: 2026-12-04 15:30:00

Rounds get a closing time (results show only for closed rounds); projects get the
members' results link; answers say which of Not sure / Not yet they were when they chose
no rung; and every published quiz and assessment is kept by its content hash, so rounds
and attempts keep the wording they were answered with. The versions published before
this change are inserted from migrations/snapshots/ (the assessment's with the power
marks that the next version adds: they are rules, not wording).
"""

import datetime as dt
import json
import secrets
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "3c1f0e7d2a94"
down_revision = "8a9ea7b45b71"
branch_labels = None
depends_on = None

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"


def upgrade():
    snapshots = op.create_table(
        "content_snapshots",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("content_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_content_snapshots")),
    )
    now = dt.datetime.now(dt.UTC)
    rows = []
    for path in sorted(SNAPSHOTS.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        rows.append(
            {
                "content_hash": path.stem,
                "kind": body["kind"],
                "content_id": body["data"]["id"],
                "version": int(body["data"]["version"]),
                "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
                "created_at": now,
            }
        )
    op.bulk_insert(snapshots, rows)

    with op.batch_alter_table("assessment_rounds") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("member_answers") as batch:
        batch.add_column(sa.Column("skipped", sa.String(length=20), nullable=True))
    op.execute(sa.text("UPDATE member_answers SET skipped = 'not-sure' WHERE level IS NULL"))

    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("members_token", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    projects = sa.table("projects", sa.column("id", sa.Integer), sa.column("members_token"))
    for (project_id,) in connection.execute(sa.select(projects.c.id)).all():
        connection.execute(
            projects.update()
            .where(projects.c.id == project_id)
            .values(members_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("projects") as batch:
        batch.alter_column("members_token", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f("uq_projects_members_token"), ["members_token"])


def downgrade():
    with op.batch_alter_table("projects") as batch:
        batch.drop_constraint(op.f("uq_projects_members_token"), type_="unique")
        batch.drop_column("members_token")
    with op.batch_alter_table("member_answers") as batch:
        batch.drop_column("skipped")
    with op.batch_alter_table("assessment_rounds") as batch:
        batch.drop_column("closed_at")
    op.drop_table("content_snapshots")
