"""report jobs: session reports and ZIPs prepared by a job worker

Revision ID: a13b0b5e7c01
Revises: c41e7d2a9b3f
Create Date: 2026-12-05 03:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "a13b0b5e7c01"
down_revision = "c41e7d2a9b3f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=64), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["trainers.id"],
            name=op.f("fk_report_jobs_trainer_id_trainers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["training_sessions.id"],
            name=op.f("fk_report_jobs_training_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_jobs")),
        sa.UniqueConstraint("public_id", name=op.f("uq_report_jobs_public_id")),
    )
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_jobs_trainer_id"), ["trainer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_jobs_training_id"), ["training_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_jobs_training_id"))
        batch_op.drop_index(batch_op.f("ix_report_jobs_trainer_id"))
    op.drop_table("report_jobs")
