"""What to do after a delivery attempt: done, retry after a delay, give up, or disable the endpoint.

The schedule is the Standard Webhooks recommendation: immediately, then 5 s, 5 min, 30 min,
2 h, 5 h, 10 h, 10 h. Delays get +/-20 % jitter so a receiver that came back is not hit by
every queued delivery at the same second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal

RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1  # the immediate attempt plus one per delay
RETRY_AFTER_CAP = timedelta(hours=10)  # a receiver cannot park a delivery longer than our longest step
JITTER = 0.2


@dataclass(frozen=True)
class Reply:
    """What came back from one attempt: a status code, or an error when no response arrived."""

    status: int | None
    retry_after: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Decision:
    action: Literal["done", "retry", "give_up", "disable"]
    delay: timedelta = timedelta(0)


DONE = Decision("done")
GIVE_UP = Decision("give_up")
DISABLE = Decision("disable")


def next_attempt(
    attempt_number: int, reply: Reply, *, now: datetime | None = None, rng: random.Random | None = None
) -> Decision:
    """Decide after attempt `attempt_number` (1 = the immediate one) got `reply`."""
    if reply.status is not None and 200 <= reply.status < 300:
        return DONE
    if reply.status == 410:  # Gone: the receiver asks us to stop
        return DISABLE
    if attempt_number >= MAX_ATTEMPTS:
        return GIVE_UP
    scheduled = RETRY_DELAYS[attempt_number - 1] * (rng or random).uniform(1 - JITTER, 1 + JITTER)
    asked = retry_after(reply.retry_after, now or datetime.now(UTC))
    return Decision("retry", max(scheduled, asked) if asked is not None else scheduled)


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """Parse a Retry-After header (delta-seconds or HTTP-date), capped; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delay = max(when - now, timedelta(0))
    return min(delay, RETRY_AFTER_CAP)
