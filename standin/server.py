"""StandIn: a strict local Telegram Bot API server for tests, the terminal demo and benchmarks."""

from __future__ import annotations

import asyncio
import json
import secrets
import string
from types import TracebackType
from typing import Any

from aiohttp import web

from standin.client import Group, UserClient
from standin.dispatch import Dispatcher
from standin.faults import FaultRule, Faults
from standin.flood import FloodControl
from standin.model import Person
from standin.processing import ProcessingTracker
from standin.records import RecordedRequest, Rejection
from standin.rules import build_rules
from standin.spec import Spec, load_spec
from standin.state import State, Upload
from standin.updates import UpdateQueue
from standin.validate import Validator
from standin.wire import make_app

TOKEN_ALPHABET = string.ascii_letters + string.digits + "_-"


def _new_token() -> tuple[int, str]:
    """A random token in Telegram's format: ``<bot id>:<35 characters>``."""
    bot_id = 1_000_000_000 + secrets.randbelow(8_000_000_000)
    secret = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(35))
    return bot_id, f"{bot_id}:{secret}"


class StandIn:
    """Serves the Bot API on loopback; ``new_user`` gives the other side of the chat."""

    def __init__(
        self,
        bot_username: str = "stretch_demo_bot",
        bot_first_name: str = "Stretch Demo",
        track_processing: bool = True,
        *,
        processing_timeout: float = 10.0,
        check_responses: bool = True,
    ) -> None:
        self.bot_id, self.token = _new_token()
        self.bot = Person(self.bot_id, bot_first_name, bot_username, is_bot=True)
        self.spec: Spec = load_spec()
        self.tracker = ProcessingTracker(track_processing, processing_timeout)
        self.queue = UpdateQueue(on_fetch=self.tracker.fetched, on_drop=self.tracker.dropped)
        update_kinds = frozenset(self.spec.types["Update"].fields) - {"update_id"}
        self.state = State(self.bot, self.queue, update_kinds)
        self.faults = Faults()
        self.flood = FloodControl()
        self.requests: list[RecordedRequest] = []
        self.rejections: list[Rejection] = []
        self.validator = Validator(self.spec, build_rules(self.spec))
        self._dispatcher = Dispatcher(
            token=self.token,
            spec=self.spec,
            validator=self.validator,
            state=self.state,
            faults=self.faults,
            flood=self.flood,
            tracker=self.tracker,
            requests=self.requests,
            rejections=self.rejections,
            check_responses=check_responses,
        )
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.host = "127.0.0.1"
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (0 picks a free port, read it from ``port``/``base_url``)."""
        self._loop = asyncio.get_running_loop()
        runner = web.AppRunner(
            make_app(self._dispatcher),
            access_log=None,
            handler_cancellation=True,
            shutdown_timeout=1.0,
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self._site = site
        self.host = host
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Release waiting long polls and close the server."""
        await self.state.webhook.stop()
        self.queue.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None

    # -- outages -----------------------------------------------------------------------------

    @property
    def refusing(self) -> bool:
        return self._runner is not None and self._site is None

    async def refuse_connections(self) -> None:
        """Telegram out of reach: new connections are refused, open ones are cut (a call in
        flight may or may not have been carried out, as on a real network)."""
        if self._runner is None or self._site is None:
            return
        await self._site.stop()
        self._site = None
        server = self._runner.server
        for connection in server.connections if server is not None else []:
            connection.force_close()
        await asyncio.sleep(0.01)  # the sockets close on the loop's next turns

    async def accept_connections(self) -> None:
        """Back after `refuse_connections`, on the same address."""
        if self._runner is None or self._site is not None:
            return
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self._site = site

    async def __aenter__(self) -> StandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: it appends the token and then ``/method``."""
        return f"http://{self.host}:{self.port}/bot"

    # -- the user side ---------------------------------------------------------------------

    def new_user(
        self,
        first_name: str = "Ana",
        username: str | None = None,
        language_code: str | None = "en",
    ) -> UserClient:
        """A new user with a private chat (chat id = user id)."""
        person = self.state.new_person(first_name, username, language_code)
        return UserClient(self.state, self.tracker, person)

    def new_group(self, title: str = "Stretch Group") -> Group:
        """A group the bot is a member of (privacy mode on)."""
        return Group(self.state.new_group(title))

    def deliver_webhook_to(self, *addresses: str) -> None:
        """Post webhook updates to these local addresses in turn (what a load balancer in
        front of several replicas does) instead of the public URL the bot registered."""
        self.state.webhook.addresses = list(addresses)

    def mark_processed(self, update_id: int) -> None:
        """Called by the bot when its handlers for ``update_id`` are done (any thread)."""
        loop = self._loop
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is not None and running is not loop:
            loop.call_soon_threadsafe(self.tracker.processed, update_id)
        else:
            self.tracker.processed(update_id)

    def delete_message(self, chat_id: int, message_id: int) -> None:
        """The user deletes a message in their app; the bot's later edits find nothing."""
        chat = self.state.chats.get(chat_id)
        message = chat.bot_messages.get(message_id) if chat is not None else None
        if chat is not None and message_id in chat.user_messages:
            del chat.user_messages[message_id]
        elif message is not None and not message.deleted:
            message.deleted = True
        else:
            raise AssertionError(f"no message {message_id} in chat {chat_id} to delete")

    async def wait_idle(self, timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Until every update the user side queued was fetched and processed."""
        await self.tracker.wait_idle(timeout)

    # -- faults ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
        chat_id: int | str | None = None,
    ) -> FaultRule:
        """The next ``count`` matching calls (method "*" = any) fail with this error."""
        return self.faults.fail_next(method, status, description, retry_after, count, chat_id)

    def block(self, user: int | UserClient) -> None:
        """The user blocked the bot: sends and edits to their chat get 403."""
        self.faults.blocked.add(user.id if isinstance(user, UserClient) else user)

    def unblock(self, user: int | UserClient) -> None:
        self.faults.blocked.discard(user.id if isinstance(user, UserClient) else user)

    def set_delay(self, seconds: float, method: str | None = None) -> None:
        """Slow replies: one method, or every method but getUpdates (0 switches it off).

        The call is carried out after the delay, so a client that gives up first has
        changed nothing. See `set_late_answers` for the other kind of slow."""
        self.faults.set_delay(seconds, method)

    def set_late_answers(self, seconds: float, method: str | None = None) -> None:
        """Calls take effect at once but are answered `seconds` later (0 switches it off):
        a client whose read timeout is shorter does not learn that its message was sent."""
        self.faults.set_late_answers(seconds, method)

    def set_flood_control(
        self,
        per_chat_per_second: float | None = None,
        per_chat_burst: int = 1,
        global_per_second: float | None = None,
        global_burst: int = 1,
    ) -> None:
        """Token buckets over sending/editing calls; None switches a limit off."""
        self.flood.configure(per_chat_per_second, per_chat_burst, global_per_second, global_burst)

    # -- inspection ------------------------------------------------------------------------

    @property
    def uploads(self) -> list[Upload]:
        """Every file the bot uploaded as bytes, in order (files sent by file_id are not)."""
        return self.state.uploads

    def calls(self, method: str | None = None) -> list[RecordedRequest]:
        """Recorded calls, optionally of one method."""
        return [r for r in self.requests if method is None or r.method == method]

    def clear_records(self) -> None:
        """Forget recorded requests and rejections (e.g. between benchmark phases)."""
        self.requests.clear()
        self.rejections.clear()

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """What setMyCommands stored for a scope (default scope when None)."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return list(self.state.settings.commands.get((key, language_code), []))
