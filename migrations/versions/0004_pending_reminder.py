"""the reminder waiting for a zone answer as typed columns, not a string to split

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

users = sa.table(
    'users',
    sa.column('id', sa.BigInteger()),
    sa.column('awaiting', sa.String(24)),
    sa.column('pending_reminder_minute', sa.Integer()),
    sa.column('pending_reminder_days', sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_reminder_minute', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pending_reminder_days', sa.Integer(), nullable=True))
    # Questions asked before this version read "zone <minute> <mask>".
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.awaiting).where(users.c.awaiting.like('zone %')))
    for user_id, awaiting in rows.fetchall():
        parts = awaiting.split()[1:]
        minute, mask = (int(parts[0]), int(parts[1])) if len(parts) == 2 and all(p.isdigit() for p in parts) else (None, None)
        bind.execute(
            users.update().where(users.c.id == user_id).values(
                awaiting='zone', pending_reminder_minute=minute, pending_reminder_days=mask
            )
        )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(users.c.id, users.c.pending_reminder_minute, users.c.pending_reminder_days)
        .where(users.c.pending_reminder_minute.is_not(None))
    )
    for user_id, minute, mask in rows.fetchall():
        bind.execute(users.update().where(users.c.id == user_id).values(awaiting=f'zone {minute} {mask}'))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('pending_reminder_days')
        batch_op.drop_column('pending_reminder_minute')
