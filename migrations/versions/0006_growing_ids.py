"""64-bit ids for practices and pain check-ins on PostgreSQL

Both ids grow with every routine for as long as the bot runs; SERIAL stops at 2**31 - 1.
SQLite's INTEGER primary key is already its 64-bit rowid, so it needs nothing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('routine_sessions', 'pain_checks')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.alter_column(table, 'id', type_=sa.BigInteger(), existing_nullable=False)
        # The sequence behind SERIAL has its own type and maximum.
        op.execute(f'ALTER SEQUENCE {table}_id_seq AS bigint MAXVALUE 9223372036854775807')


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.execute(f'ALTER SEQUENCE {table}_id_seq AS integer MAXVALUE 2147483647')
        op.alter_column(table, 'id', type_=sa.Integer(), existing_nullable=False)
