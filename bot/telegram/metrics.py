"""What an operator watches, in Prometheus' format: updates, Bot API calls, cue lateness,
routines under way and reminders sent.

One registry per bot (not the library's global one), so several bots in one process, as in
the tests, keep their own figures.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, HTTPXRequest, RequestData

# Seconds: a cue a few milliseconds late is normal; past a second a person notices.
LATENESS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
UPDATE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter("stretchbot_updates", "Updates handled.", registry=self.registry)
        self.update_seconds = Histogram(
            "stretchbot_update_seconds",
            "Time to handle an update, waiting for the chat's earlier updates included.",
            buckets=UPDATE_BUCKETS,
            registry=self.registry,
        )
        self.api_calls = Counter(
            "stretchbot_bot_api_calls",
            "Bot API calls by method and outcome (the HTTP status, or the error).",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.cue_lateness = Histogram(
            "stretchbot_cue_lateness_seconds",
            "How late a routine's timer fired after the moment it was set for.",
            buckets=LATENESS_BUCKETS,
            registry=self.registry,
        )
        self.routines_active = Gauge(
            "stretchbot_routines_active",
            "Guided routines under way in this process.",
            registry=self.registry,
        )
        self.reminders_sent = Gauge(
            "stretchbot_reminders_sent",
            "Reminders this process has sent since it started.",
            registry=self.registry,
        )

    def watch(self, routines_active: Callable[[], int], reminders_sent: Callable[[], int]) -> None:
        """Figures read from the use cases each time Prometheus scrapes."""
        self.routines_active.set_function(routines_active)
        self.reminders_sent.set_function(reminders_sent)

    def update_handled(self, seconds: float) -> None:
        self.updates.inc()
        self.update_seconds.observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MeteredRequest(HTTPXRequest):
    """PTB's HTTP client, counting each Bot API call by method and outcome (429s included)."""

    def __init__(self, metrics: Metrics, connection_pool_size: int, read_timeout: float) -> None:
        super().__init__(connection_pool_size=connection_pool_size, read_timeout=read_timeout)
        self._metrics = metrics

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        try:
            status, payload = await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        except Exception as error:
            self._metrics.api_calls.labels(name, type(error).__name__).inc()
            raise
        self._metrics.api_calls.labels(name, str(status)).inc()
        return status, payload
