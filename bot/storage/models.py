"""SQLAlchemy tables. Times are stored in UTC; local dates are computed at the edge."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import false as sa_false
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


# Ids that grow for as long as the bot runs: 64-bit. SQLite keeps INTEGER, its 64-bit rowid
# (only an INTEGER primary key is filled in by itself there).
GrowingId = BigInteger().with_variant(Integer(), "sqlite")


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
    # A routine flows by itself, or waits for a tap; NULL until the person chooses.
    hands_free: Mapped[bool | None] = mapped_column(Boolean)
    # Where the person is: an IANA zone name, None until they tell us.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # A night runs from this local hour to the same hour next day (streaks).
    night_cutoff_hour: Mapped[int] = mapped_column(Integer, default=4, server_default="4")
    # False once Telegram says the person blocked the bot; nothing is sent to them then.
    reachable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # A question the bot asked and is waiting for a typed answer to ("zone" only, today).
    awaiting: Mapped[str | None] = mapped_column(String(24))
    awaiting_since: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The reminder to set once the zone question is answered: local minute and day mask.
    pending_reminder_minute: Mapped[int | None] = mapped_column(Integer)
    pending_reminder_days: Mapped[int | None] = mapped_column(Integer)


class Reminder(Base):
    """One nightly reminder per person; `next_fire_at` is what the dispatcher scans."""

    __tablename__ = "reminders"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # Local wall time as minutes after midnight, the weekdays as a bit mask (bit 0 = Monday).
    local_minute: Mapped[int] = mapped_column(Integer)
    days_mask: Mapped[int] = mapped_column(Integer)
    zone: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean)
    # The moment the next reminder is due, in UTC; None when off.
    next_fire_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    # The due moment is a snooze, which comes back once and offers no further snooze.
    snoozed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # A dispatcher claims a due row before sending and renews the short lease while it
    # works; if it dies, the lease runs out and another dispatcher takes the row over.
    lease_owner: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The due moment whose send was last begun, written just before the send: a row whose
    # due moment is already here is never sent again, even if its sender died.
    last_sent_for: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PainCheck(Base):
    """An optional 0-10 back-pain rating before or after a routine, asked once a night each."""

    __tablename__ = "pain_checks"
    __table_args__ = (UniqueConstraint("user_id", "night", "moment"),)

    id: Mapped[int] = mapped_column(GrowingId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    night: Mapped[date] = mapped_column(Date)
    moment: Mapped[str] = mapped_column(String(8))  # "before" or "after"
    # None: asked but not (yet) answered, or skipped; either way not asked again that night.
    score: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RestNight(Base):
    """A night the person chose to rest, spending an earned rest token on purpose."""

    __tablename__ = "rest_nights"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    night: Mapped[date] = mapped_column(Date, primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PracticeRow(Base):
    """A guided practice in progress or done: the truth that timers are rebuilt from.

    The table keeps its first name, `routine_sessions`.
    """

    __tablename__ = "routine_sessions"

    id: Mapped[int] = mapped_column(GrowingId, primary_key=True, autoincrement=True)
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
    # "One more" taps on the current exercise's open count.
    extra: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
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
    # The person's zone when the practice ran, so a night stays put after travel.
    zone: Mapped[str | None] = mapped_column(String(64))


class TelegramFile(Base):
    """The file_id Telegram gave a bot for an upload (a picture, an audio guide), by the
    content key that names exactly those bytes: after the first send, the file goes by id.

    A file_id belongs to the bot that uploaded it, hence the bot id in the key.
    """

    __tablename__ = "telegram_files"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    file_id: Mapped[str] = mapped_column(String(255))
