"""Installed, this folder is the package data `bot.content.data` (see pyproject.toml).

The file is what lets an editable install map the folder to that package too.
"""
