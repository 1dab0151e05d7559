"""SQLAlchemy tables. Times are stored in UTC; local dates are computed at the edge."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import true
from sqlalchemy.types import TypeDecorator

# Named constraints keep Alembic's batch mode on SQLite and autogenerate stable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class User(Base):
    """A person who has talked to the bot; the Telegram user id is the key."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(64))
    language_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    safety_note_shown_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Routine preferences (/settings).
    pace: Mapped[str] = mapped_column(String(16), default="standard", server_default="standard")
    tempo: Mapped[str] = mapped_column(String(16), default="standard", server_default="standard")
    cue_sound: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    settle_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RoutineSession(Base):
    """A guided routine in progress or done: the truth that timers are rebuilt from."""

    __tablename__ = "routine_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    routine_id: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(80))
    exercise_ids: Mapped[list[str]] = mapped_column(JSON)
    pace: Mapped[str] = mapped_column(String(16))
    tempo: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    exercise_index: Mapped[int] = mapped_column(Integer)
    phase_index: Mapped[int] = mapped_column(Integer)
    phase_ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    remaining_seconds: Mapped[float | None] = mapped_column(Float)
    token: Mapped[int] = mapped_column(Integer)
    done: Mapped[list[str]] = mapped_column(JSON)
    skipped: Mapped[list[str]] = mapped_column(JSON)
    active_seconds: Mapped[float] = mapped_column(Float)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Copied from the user's settings at start, so timers need not read the user row.
    cue_sound: Mapped[bool] = mapped_column(Boolean)
    settle_seconds: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_activity: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
