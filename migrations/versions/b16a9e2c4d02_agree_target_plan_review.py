"""agree, target, plan, review: agreed rungs, a target per round, actions and their review

Revision ID: b16a9e2c4d02
Revises: a13b0b5e7c01
Create Date: 2026-12-05 03:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "b16a9e2c4d02"
down_revision = "a13b0b5e7c01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agreed_rungs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("could_not_agree", sa.Boolean(), nullable=False),
        sa.Column("range_low", sa.Integer(), nullable=True),
        sa.Column("range_high", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "dimension_id"),
    )
    op.create_index("ix_agreed_rungs_round_id", "agreed_rungs", ["round_id"])
    op.create_table(
        "round_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id"),
    )
    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("dimension_ids", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("lead", sa.String(length=100), nullable=False),
        sa.Column("lived_experience", sa.Text(), nullable=False),
        sa.Column("support", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("review_status", sa.String(length=20), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_actions_round_id", "plan_actions", ["round_id"])


def downgrade():
    op.drop_index("ix_plan_actions_round_id", table_name="plan_actions")
    op.drop_table("plan_actions")
    op.drop_table("round_targets")
    op.drop_index("ix_agreed_rungs_round_id", table_name="agreed_rungs")
    op.drop_table("agreed_rungs")
