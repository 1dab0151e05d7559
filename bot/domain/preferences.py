"""A person's routine settings, copied into each practice when it starts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.pacing import Pace, TempoName

SETTLE_CHOICES = (0, 10, 20)


@dataclass(frozen=True)
class Preferences:
    pace: Pace = Pace.STANDARD
    tempo: TempoName = TempoName.STANDARD
    cue_sound: bool = True
    settle_seconds: int = 0
