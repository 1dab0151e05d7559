"""What the stand-in saw: every call for benchmarks, refused calls for strictness assertions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordedRequest:
    """One API call as received and answered."""

    method: str
    params: dict[str, Any]
    chat_id: int | str | None
    status: int
    time: float  # monotonic clock when the call arrived
    duration: float = 0.0
    description: str | None = None
    injected: bool = False  # the error came from fail_next/block/flood control

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class Rejection:
    """A call the stand-in refused because the bot got something wrong (not an injected fault)."""

    method: str
    params: dict[str, Any]
    description: str
    status: int = 400
