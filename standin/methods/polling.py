"""getUpdates and the webhook methods: long polling, or Telegram posting each update."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

from standin.errors import ApiError, bad_request
from standin.methods.base import Call, Handler
from standin.webhook import WebhookSettings

WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


async def get_updates(call: Call) -> list[dict[str, Any]]:
    params = call.params
    if call.state.webhook.settings is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
            "to delete the webhook first",
        )
    limit = params.get("limit", 100)
    if not 1 <= limit <= 100:
        raise bad_request(
            "limit must be between 1 and 100 (Telegram clamps it; the stand-in refuses)"
        )
    allowed = params.get("allowed_updates")
    kinds = call.state.update_kinds
    for kind in allowed or []:
        if kind not in kinds:
            raise bad_request(f"unknown update type {kind!r} in allowed_updates")
    timeout = max(0, params.get("timeout", 0))
    return await call.state.queue.get(
        params.get("offset"), limit, timeout, allowed, call.still_connected
    )


async def set_webhook(call: Call) -> bool:
    """Checked as Telegram checks it: an https URL on a port Telegram posts to, a secret of
    the allowed characters, at most 100 connections."""
    params = call.params
    url = urlsplit(str(params["url"]))
    if url.scheme != "https" or not url.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (url.port or 443) not in WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    secret = params.get("secret_token")
    if secret is not None and not SECRET.fullmatch(str(secret)):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    connections = params.get("max_connections", 40)
    if not 1 <= connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    if params.get("drop_pending_updates"):
        call.state.queue.drop_all()
    allowed = params.get("allowed_updates")
    for kind in allowed or []:
        if kind not in call.state.update_kinds:
            raise bad_request(f"unknown update type {kind!r} in allowed_updates")
    call.state.webhook.set(WebhookSettings(str(params["url"]), secret, connections, allowed))
    return True


async def delete_webhook(call: Call) -> bool:
    await call.state.webhook.delete()
    if call.params.get("drop_pending_updates"):
        call.state.queue.drop_all()
    return True


async def get_webhook_info(call: Call) -> dict[str, Any]:
    settings = call.state.webhook.settings
    info: dict[str, Any] = {
        "url": settings.url if settings else "",
        "has_custom_certificate": False,
        "pending_update_count": len(call.state.queue.pending),
    }
    if settings is not None:
        info["max_connections"] = settings.max_connections
        if settings.allowed_updates is not None:
            info["allowed_updates"] = settings.allowed_updates
        if call.state.webhook.last_error:
            info["last_error_date"] = int(time.time())
            info["last_error_message"] = call.state.webhook.last_error
    return info


HANDLERS: dict[str, Handler] = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
