"""Failures a test switches on at run time: one-off errors, blocked users, slow replies.

Refused connections are the server's to switch (`StandIn.refuse_connections`).
"""

from __future__ import annotations

from dataclasses import dataclass

from standin.errors import ApiError, forbidden, injected


@dataclass
class FaultRule:
    """The next ``remaining`` calls matching method (and chat) fail with this error."""

    method: str | None  # lower-case method name; None matches every method
    error: ApiError
    remaining: int
    chat_id: int | str | None = None

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


class Faults:
    """Rules consulted for every call after it passed validation."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.blocked: set[int] = set()
        self.delays: dict[str | None, float] = {}
        self.late_answers: dict[str | None, float] = {}

    def fail_next(
        self,
        method: str | None,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
        chat_id: int | str | None = None,
    ) -> FaultRule:
        """Queue an injected error; ``method`` None or "*" matches any method."""
        name = None if method in (None, "*") else str(method).lower()
        rule = FaultRule(name, injected(status, description, retry_after), count, chat_id)
        self.rules.append(rule)
        return rule

    def take(self, method: str, chat_id: int | str | None) -> ApiError | None:
        """The injected error for this call, consuming one use of the first matching rule."""
        for rule in self.rules:
            if rule.matches(method, chat_id):
                rule.remaining -= 1
                return rule.error
        return None

    def blocked_error(self, chat_id: int | str | None) -> ApiError | None:
        """403 for a private chat whose user blocked the bot."""
        if isinstance(chat_id, int) and chat_id in self.blocked:
            return forbidden("bot was blocked by the user")
        return None

    def set_delay(self, seconds: float, method: str | None = None) -> None:
        """Slow every reply (method None; getUpdates excluded) or one method's replies."""
        key = None if method is None else method.lower()
        if seconds <= 0:
            self.delays.pop(key, None)
        else:
            self.delays[key] = seconds

    def delay_for(self, method: str) -> float:
        return _seconds_for(self.delays, method)

    def set_late_answers(self, seconds: float, method: str | None = None) -> None:
        """Carry out calls at once but answer ``seconds`` later (getUpdates excluded): a client
        that gives up first does not know its message was sent."""
        key = None if method is None else method.lower()
        if seconds <= 0:
            self.late_answers.pop(key, None)
        else:
            self.late_answers[key] = seconds

    def late_answer_for(self, method: str) -> float:
        return _seconds_for(self.late_answers, method)


def _seconds_for(table: dict[str | None, float], method: str) -> float:
    specific = table.get(method.lower())
    if specific is not None:
        return specific
    return 0.0 if method.lower() == "getupdates" else table.get(None, 0.0)
