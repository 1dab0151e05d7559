"""A person's routine settings, copied into each practice when it starts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.pacing import Pace, TempoName

# The breathing tone's level relative to the voice, in percent, that /settings offers.
TONE_VOLUMES = (25, 50, 80)
DEFAULT_TONE_VOLUME = 50

# Seconds to get into position before a hands-free stretch starts by itself, by pace.
SETTLE_BY_PACE = {Pace.GENTLE: 15, Pace.STANDARD: 10, Pace.QUICK: 6}


@dataclass(frozen=True)
class Preferences:
    pace: Pace = Pace.STANDARD
    tempo: TempoName = TempoName.STANDARD
    cue_sound: bool = True
    # A routine flows by itself (True) or waits for a tap on Start at each stretch (False);
    # None until the person chooses, and then it flows: in bed, hands are under the covers.
    hands_free: bool | None = None
    # The audio guide: spoken cues, the breathing tone, and its volume relative to the voice
    # (percent). The cue sound above is for chat messages: it never silences a guide.
    voice: bool = True
    tone: bool = True
    tone_volume: int = DEFAULT_TONE_VOLUME

    @property
    def settle_seconds(self) -> int:
        """Seconds before a stretch starts by itself; 0 when it waits for a tap."""
        return 0 if self.hands_free is False else SETTLE_BY_PACE[self.pace]
