"""quiz draws: each attempt and training session keeps the questions it asks

Revision ID: 5d2e8a61b3c7
Revises: 3c1f0e7d2a94
Create Date: 2026-12-04 16:50:00

Attempts made before this change keep NULL: they asked the first questions of their own
content version in file order, and still show exactly those.
"""

import sqlalchemy as sa
from alembic import op

revision = "5d2e8a61b3c7"
down_revision = "3c1f0e7d2a94"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.add_column(sa.Column("question_ids", sa.Text(), nullable=True))
    with op.batch_alter_table("training_sessions") as batch:
        batch.add_column(sa.Column("quiz_question_ids", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_column("quiz_question_ids")
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.drop_column("question_ids")
