"""Use cases: what the bot does, with no Telegram in sight.

Each use case owns its unit of work (one transaction) and shows things to people only
through the ports in `ports`, so a rule can be tested without HTTP.
"""
