"""trainer session version: signing out or changing the password ends every session

Revision ID: c41e7d2a9b3f
Revises: 5d2e8a61b3c7
Create Date: 2026-12-04 15:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = 'c41e7d2a9b3f'
down_revision = "5d2e8a61b3c7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trainers', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), nullable=False, server_default='1')
        )


def downgrade():
    with op.batch_alter_table('trainers', schema=None) as batch_op:
        batch_op.drop_column('session_version')
