"""trainers' own quizzes

Revision ID: d18b4e2a7f10
Revises: c17a3f8d6e03
Create Date: 2026-12-05 07:50:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = 'd18b4e2a7f10'
down_revision = "c17a3f8d6e03"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'own_quizzes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trainer_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['trainer_id'], ['trainers.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('own_quizzes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_own_quizzes_trainer_id'), ['trainer_id'], unique=False)
    # Sessions find their own quiz's latest kept version by its id.
    with op.batch_alter_table('content_snapshots', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_content_snapshots_content_id'), ['content_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('content_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_snapshots_content_id'))
    with op.batch_alter_table('own_quizzes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_own_quizzes_trainer_id'))
    op.drop_table('own_quizzes')
