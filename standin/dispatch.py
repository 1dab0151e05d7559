"""One API call from arrival to answer: auth, method, validation, faults, execution, records."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from standin.decode import decode_params
from standin.errors import ApiError, not_implemented, too_many_requests
from standin.faults import Faults
from standin.flood import FloodControl
from standin.methods import HANDLERS, Call
from standin.methods.base import check_content, refuse_unsupported
from standin.processing import ProcessingTracker
from standin.records import RecordedRequest, Rejection
from standin.spec import MethodSpec, Spec
from standin.state import State
from standin.validate import SpecViolation, Validator

SENDING = frozenset(
    {"sendMessage", "sendPhoto", "sendAnimation", "sendDocument", "sendVoice", "sendAudio"}
)
EDITING = frozenset(
    {"editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup"}
)
BLOCKABLE = SENDING | EDITING | {"sendChatAction"}
NOT_REJECTIONS = frozenset({409, 429})  # conditions of the moment, not mistakes of the bot


class Dispatcher:
    """Answers calls for one stand-in; appends to its ``requests`` and ``rejections``."""

    def __init__(
        self,
        *,
        token: str,
        spec: Spec,
        validator: Validator,
        state: State,
        faults: Faults,
        flood: FloodControl,
        tracker: ProcessingTracker,
        requests: list[RecordedRequest],
        rejections: list[Rejection],
        check_responses: bool,
    ) -> None:
        self.token = token
        self.spec = spec
        self.validator = validator
        self.state = state
        self.faults = faults
        self.flood = flood
        self.tracker = tracker
        self.requests = requests
        self.rejections = rejections
        self.check_responses = check_responses

    async def handle(
        self,
        token: str,
        name: str,
        raw: dict[str, Any] | ApiError,
        still_connected: Callable[[], bool],
    ) -> tuple[int, dict[str, Any]]:
        """HTTP status and JSON body for one call; ``raw`` is an ApiError if the body was bad."""
        arrived = time.monotonic()
        params: dict[str, Any] = raw if isinstance(raw, dict) else {}
        method_name, chat_id, injected = name, None, False
        try:
            if isinstance(raw, ApiError):
                raise raw
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            method = self._resolve(name)
            method_name = method.name
            handler = HANDLERS[method.name]
            delay = self.faults.delay_for(method.name)
            if delay > 0:
                await asyncio.sleep(delay)
            params = decode_params(method, params, self.validator)
            refuse_unsupported(params)
            check_content(method, params)
            chat_id = self._chat_of(params)
            fault = self._fault(method.name, chat_id)
            if fault is not None:
                injected = True
                raise fault
            result = await handler(Call(self.state, params, arrived, still_connected))
            self._self_check(method, result)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = exc.status, exc.body()
            if not injected and status not in NOT_REJECTIONS:
                self.rejections.append(Rejection(method_name, params, exc.description, status))
        finished = time.monotonic()
        late = self.faults.late_answer_for(method_name)
        self.requests.append(
            RecordedRequest(
                method=method_name,
                params=params,
                chat_id=chat_id,
                status=status,
                time=arrived,
                duration=finished - arrived,
                description=body.get("description"),
                injected=injected,
            )
        )
        if method_name != "getUpdates":
            self.tracker.activity(chat_id if isinstance(chat_id, int) else None)
        if late > 0:
            # Done and recorded already; a client that stops waiting changes nothing.
            await asyncio.sleep(late)
        return status, body

    def _resolve(self, name: str) -> MethodSpec:
        """The implemented method ``name`` means; 501 for other Bot API methods, else 404."""
        method = self.spec.method(name)
        other = self.spec.other_method(name)
        if other is not None or (method is not None and method.name not in HANDLERS):
            real_name = other or (method.name if method else name)
            raise not_implemented(
                f"{real_name} is a Bot API method the stand-in does not implement"
            )
        if method is None:
            raise ApiError(404, "Not Found")
        return method

    def _chat_of(self, params: dict[str, Any]) -> int | str | None:
        """The chat a call concerns, including the chat behind a callback query."""
        if "chat_id" in params:
            chat_id: int | str = params["chat_id"]
            return chat_id
        record = self.state.callback_queries.get(params.get("callback_query_id", ""))
        return record.chat_id if record is not None else None

    def _fault(self, method: str, chat_id: int | str | None) -> ApiError | None:
        """An injected error, a blocked user, or flood control, in that order."""
        error = self.faults.take(method, chat_id)
        if error is None and method in BLOCKABLE:
            error = self.faults.blocked_error(chat_id)
        if error is None and method in SENDING | EDITING:
            retry_after = self.flood.check(chat_id, time.monotonic())
            if retry_after is not None:
                error = too_many_requests(retry_after)
        return error

    def _self_check(self, method: MethodSpec, result: Any) -> None:
        """Optionally prove the answer is a valid Bot API object (catches stand-in bugs)."""
        if not self.check_responses:
            return
        try:
            self.validator.check(method.returns, result, f"{method.name} result")
        except SpecViolation as exc:
            raise ApiError(500, f"Internal Server Error: stand-in bug: {exc}") from None
