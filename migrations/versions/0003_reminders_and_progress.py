"""reminders, time zones, pain check-ins and rest nights

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pain_checks',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('night', sa.Date(), nullable=False),
    sa.Column('moment', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pain_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pain_checks')),
    sa.UniqueConstraint('user_id', 'night', 'moment', name=op.f('uq_pain_checks_user_id'))
    )
    with op.batch_alter_table('pain_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pain_checks_user_id'), ['user_id'], unique=False)

    op.create_table('reminders',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('local_minute', sa.Integer(), nullable=False),
    sa.Column('days_mask', sa.Integer(), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('next_fire_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snoozed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('lease_owner', sa.String(length=40), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sent_for', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminders'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_next_fire_at'), ['next_fire_at'], unique=False)

    op.create_table('rest_nights',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('night', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_rest_nights_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'night', name=op.f('pk_rest_nights'))
    )
    with op.batch_alter_table('routine_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zone', sa.String(length=64), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('night_cutoff_hour', sa.Integer(), server_default='4', nullable=False))
        batch_op.add_column(sa.Column('reachable', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('awaiting', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('awaiting_since', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('awaiting_since')
        batch_op.drop_column('awaiting')
        batch_op.drop_column('reachable')
        batch_op.drop_column('night_cutoff_hour')
        batch_op.drop_column('timezone')

    with op.batch_alter_table('routine_sessions', schema=None) as batch_op:
        batch_op.drop_column('zone')

    op.drop_table('rest_nights')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_next_fire_at'))

    op.drop_table('reminders')
    with op.batch_alter_table('pain_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pain_checks_user_id'))

    op.drop_table('pain_checks')
