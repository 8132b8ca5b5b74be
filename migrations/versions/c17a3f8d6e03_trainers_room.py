"""the trainer's room: people counted once, paced quizzes, answers revealed on the live page

Revision ID: c17a3f8d6e03
Revises: b16a9e2c4d02
Create Date: 2026-12-05 03:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = 'c17a3f8d6e03'
down_revision = "b16a9e2c4d02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'training_participants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=64), nullable=False),
        sa.Column('training_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['training_id'], ['training_sessions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['team_id'], ['session_teams.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('public_id'),
    )
    with op.batch_alter_table('training_participants', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_training_participants_training_id'), ['training_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_training_participants_team_id'), ['team_id'], unique=False
        )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('answers_revealed', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column('paced', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column('paced_position', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('paced_revealed', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participant_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_quiz_attempts_participant_id'), ['participant_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_quiz_attempts_participant_id_training_participants'),
            'training_participants',
            ['participant_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_quiz_attempts_participant_id_training_participants'),
            type_='foreignkey',
        )
        batch_op.drop_index(batch_op.f('ix_quiz_attempts_participant_id'))
        batch_op.drop_column('participant_id')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_column('paced_revealed')
        batch_op.drop_column('paced_position')
        batch_op.drop_column('paced')
        batch_op.drop_column('answers_revealed')
    with op.batch_alter_table('training_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_participants_team_id'))
        batch_op.drop_index(batch_op.f('ix_training_participants_training_id'))
    op.drop_table('training_participants')
