"""Alembic's scripts, installed as the package `bot.migrations` (see pyproject.toml)."""
