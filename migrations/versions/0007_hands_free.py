"""routines flow by themselves unless the person chose to tap: users.hands_free replaces
the settle delay they picked (NULL until they choose; the delay now follows their pace)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hands_free', sa.Boolean(), nullable=True))
    # Someone who picked an automatic start chose hands-free; a 0 was only the old default.
    op.execute("UPDATE users SET hands_free = TRUE WHERE settle_seconds > 0")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('settle_seconds')


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('settle_seconds', sa.Integer(), server_default='0', nullable=False)
        )
    op.execute("UPDATE users SET settle_seconds = 10 WHERE hands_free")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('hands_free')
