"""HTTP in and out: read Bot API requests in every encoding Telegram accepts, answer JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from standin.dispatch import Dispatcher
from standin.errors import ApiError, bad_request
from standin.model import UploadedFile

PATH = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[^/]+)$")
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
MAX_BODY = 60 * 1024 * 1024


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query string plus body (form, multipart or JSON); later sources win, as in Telegram."""
    params: dict[str, Any] = dict(request.query)
    if not request.body_exists:
        return params
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = json.loads(await request.read())
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        params.update(body)
    elif content_type in FORM_TYPES:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                params[name] = UploadedFile(
                    name, value.filename, value.content_type, value.file.read()
                )
            else:
                params[name] = value
    else:
        raise bad_request(f"unsupported Content-Type {content_type!r}")
    return params


def _json_response(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
    )


def make_app(dispatcher: Dispatcher) -> web.Application:
    """An aiohttp application answering ``/bot<token>/<method>`` on any HTTP method."""

    async def handle(request: web.Request) -> web.Response:
        match = PATH.match(request.path)
        if match is None:
            return _json_response(404, ApiError(404, "Not Found").body())
        raw: dict[str, Any] | ApiError
        try:
            raw = await read_params(request)
        except ApiError as exc:
            raw = exc

        def still_connected() -> bool:
            transport = request.transport
            return transport is not None and not transport.is_closing()

        status, body = await dispatcher.handle(
            match["token"], match["method"], raw, still_connected
        )
        return _json_response(status, body)

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_route("*", "/{tail:.*}", handle)
    return app
