"""The bot's configuration from the environment or `.env`; a bad value is one clear line, never
the token."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/stretchbot.sqlite3"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(Exception):
    """Raised with a one-line message that names the setting at fault."""


class Config(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    database_url: str = DEFAULT_DATABASE_URL
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Overall outgoing messages per second (Telegram asks bots to stay under 30); 0 = no limit.
    telegram_max_messages_per_second: float = Field(default=30.0, ge=0)
    # Reminders get their own share of that, so a busy minute leaves room for routines.
    reminder_messages_per_second: float = Field(default=25.0, gt=0)
    # How often due reminders are looked for; reminders are whole minutes, so 15 s is ample.
    reminder_tick_seconds: float = Field(default=15.0, gt=0, le=30)
    # Where the stretch pictures are cached once drawn (named by a hash of what they show).
    pictures_dir: Path = Path("data/pictures")
    # Where rendered audio guides are kept; any file there can be deleted, it is made again.
    audio_dir: Path = Path("data/audio")
    # Webhook mode: the public https address Telegram posts updates to (unset: long polling),
    # the secret Telegram sends with each post, and the local host:port served.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0:8080"
    # Where /healthz, /readyz and /metrics are served when polling (unset: not served); with
    # a webhook they share WEBHOOK_LISTEN.
    metrics_listen: str | None = None
    # "json": one JSON object per log line, for a log collector.
    log_format: Literal["text", "json"] = "text"

    @field_validator("webhook_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value and not value.startswith("https://"):
            raise ValueError("must be the public https:// address Telegram posts to")
        return value or None

    @field_validator("webhook_secret", mode="after")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("use 1-256 letters, digits, _ or - (Telegram's rule)")
        return value

    @field_validator("webhook_listen", "metrics_listen")
    @classmethod
    def _host_port(cls, value: str | None) -> str | None:
        if value is not None:
            host_and_port(value)
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Config:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_URL needs WEBHOOK_SECRET, so nobody else can post updates to the bot"
            )
        return self

    @field_validator("telegram_bot_token", mode="after")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        bot_id, _, secret = value.get_secret_value().strip().partition(":")
        if not bot_id.isdigit() or len(secret) < 30:
            # The message must not echo the value: it is a secret even when malformed.
            raise ValueError("does not look like a bot token from @BotFather (digits:secret)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must use an async driver: sqlite+aiosqlite:///path or "
                "postgresql+asyncpg://user@host/db"
            )
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    def sqlite_path(self) -> Path | None:
        """The SQLite file, so its folder can be created before the first connection."""
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url.removeprefix(prefix))
        return None


def host_and_port(value: str) -> tuple[str, int]:
    """ "0.0.0.0:8080" -> ("0.0.0.0", 8080) (port 0: any free one); a clear error otherwise."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ValueError(f"{value!r} is not host:port, e.g. 0.0.0.0:8080")
    return host.strip("[]"), int(port)


def load_config(**overrides: object) -> Config:
    """Build config, turning validation errors into one line per setting."""
    try:
        return Config(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        lines = []
        for detail in error.errors():
            name = str(detail["loc"][0]).upper() if detail["loc"] else "settings"
            message = detail["msg"].removeprefix("Value error, ")
            lines.append(f"Setting {name} is invalid: {message}")
        raise ConfigError("; ".join(lines)) from None


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then blanks out secrets, tracebacks included."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text


class JsonFormatter(RedactingFormatter):
    """One JSON object per line (time, level, logger, message, traceback), for a collector."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return self.redact(json.dumps(entry, ensure_ascii=False))


def configure_logging(
    level: str,
    secrets: list[str | None],
    filters: Sequence[logging.Filter] = (),
    json_lines: bool = False,
) -> None:
    """Log to stderr; the token never appears, even inside an exception's message."""
    handler = logging.StreamHandler()
    for log_filter in filters:
        handler.addFilter(log_filter)
    kind = JsonFormatter if json_lines else RedactingFormatter
    handler.setFormatter(
        kind("%(asctime)s %(levelname)s %(name)s: %(message)s", [s for s in secrets if s])
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # Alembic announces each of its plug-ins at INFO on every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # One line per scheduled timer is noise at this scale.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
