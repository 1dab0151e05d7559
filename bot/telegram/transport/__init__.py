"""The way out to Telegram: one outbox, its lanes, pacing and retries."""
