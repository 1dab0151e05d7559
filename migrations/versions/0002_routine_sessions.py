"""routine sessions (the truth behind guided-routine timers) and routine settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('routine_sessions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('routine_id', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('exercise_ids', sa.JSON(), nullable=False),
    sa.Column('pace', sa.String(length=16), nullable=False),
    sa.Column('tempo', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('exercise_index', sa.Integer(), nullable=False),
    sa.Column('phase_index', sa.Integer(), nullable=False),
    sa.Column('phase_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('remaining_seconds', sa.Float(), nullable=True),
    sa.Column('token', sa.Integer(), nullable=False),
    sa.Column('done', sa.JSON(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('active_seconds', sa.Float(), nullable=False),
    sa.Column('card_message_id', sa.BigInteger(), nullable=True),
    sa.Column('cue_sound', sa.Boolean(), nullable=False),
    sa.Column('settle_seconds', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_routine_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routine_sessions'))
    )
    with op.batch_alter_table('routine_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routine_sessions_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_routine_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pace', sa.String(length=16), server_default='standard', nullable=False))
        batch_op.add_column(sa.Column('tempo', sa.String(length=16), server_default='standard', nullable=False))
        batch_op.add_column(sa.Column('cue_sound', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('settle_seconds', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('settle_seconds')
        batch_op.drop_column('cue_sound')
        batch_op.drop_column('tempo')
        batch_op.drop_column('pace')

    with op.batch_alter_table('routine_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routine_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_routine_sessions_status'))

    op.drop_table('routine_sessions')
