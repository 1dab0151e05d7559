"""getUpdates and the webhook methods a polling bot calls."""

from __future__ import annotations

from typing import Any

from standin.errors import bad_request
from standin.methods.base import Call, Handler


async def get_updates(call: Call) -> list[dict[str, Any]]:
    params = call.params
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


async def delete_webhook(call: Call) -> bool:
    if call.params.get("drop_pending_updates"):
        call.state.queue.drop_all()
    return True


async def get_webhook_info(call: Call) -> dict[str, Any]:
    return {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(call.state.queue.pending),
    }


HANDLERS: dict[str, Handler] = {
    "getUpdates": get_updates,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
