"""Installed, this folder is the package `bot.migrations` (see pyproject.toml).

The file is what lets an editable install map the folder to that package too.
"""
