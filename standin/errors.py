"""Errors shaped like the Bot API's, so PTB maps them to the exceptions real Telegram causes."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A refused call: HTTP status, Telegram's description, optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """403 with Telegram's "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {detail}")


def not_implemented(detail: str) -> ApiError:
    """501: valid Bot API usage the stand-in cannot emulate, so a developer notices at once."""
    return ApiError(501, f"Not Implemented: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 exactly as Telegram's flood control answers."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def injected(status: int, description: str | None, retry_after: int | None) -> ApiError:
    """An error a test asked for, with Telegram's usual wording when none is given."""
    if status == 429 and retry_after is None:
        retry_after = 1
    if description is None:
        if status == 429:
            description = f"Too Many Requests: retry after {retry_after}"
        else:
            description = DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
    return ApiError(status, description, retry_after)
