"""telegram_files: the file_id Telegram gave each upload, so a picture or audio guide is
uploaded once per bot

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'telegram_files',
        sa.Column('bot_id', sa.BigInteger(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('file_id', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('bot_id', 'key', name=op.f('pk_telegram_files')),
    )


def downgrade() -> None:
    op.drop_table('telegram_files')
