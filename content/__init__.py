"""The catalogue, installed as the package data `bot.content.data` (see pyproject.toml)."""
