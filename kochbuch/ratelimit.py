"""A small rate limiter on Django's cache: "at most ``limit`` events per ``period`` seconds".

It counts in two fixed windows and weighs the previous one by how much of it still overlaps
the sliding period (the "sliding window counter" of nginx and Cloudflare): no burst of twice the
limit at a window boundary, and only two cache keys per key. ``cache.add`` and ``cache.incr`` are
atomic on Redis and locked in the local-memory cache, so several app servers sharing Redis count
together.

    if not ratelimit.hit(f"comment:{user.pk}", limit=5, period=300):
        raise ValidationError("Zu viele Kommentare …")
"""

import re
import time

from django.core.cache import cache

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/10m"`` → ``(5, 600)``; ``"5/m"`` → ``(5, 60)``; ``"20/300"`` → ``(20, 300)``."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"Ungültige Rate {rate!r}: erwartet z. B. „5/10m“.")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNIT[unit]


def _window_keys(key, period, now):
    window = int(now // period)
    return f"ratelimit:{key}:{period}:{window}", f"ratelimit:{key}:{period}:{window - 1}", window


def _count(key, period, now):
    current_key, previous_key, window = _window_keys(key, period, now)
    counts = cache.get_many([current_key, previous_key])
    elapsed = now / period - window  # share of the current window that has passed
    return counts.get(previous_key, 0) * (1 - elapsed) + counts.get(current_key, 0)


def hit(key: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Count one event for ``key``; False when it goes over ``limit`` per ``period`` seconds.

    The count is raised first and checked after, so two requests at the same moment cannot
    both take the last place. A refused attempt is taken back out: whoever waits gets through.
    """
    if limit <= 0:
        return False
    now = time.time() if now is None else now
    current_key, previous_key, window = _window_keys(key, period, now)
    timeout = 2 * period + 1  # the next window still weighs this one
    cache.add(current_key, 0, timeout=timeout)
    try:
        current = cache.incr(current_key)
    except ValueError:  # expired between add and incr
        cache.set(current_key, 1, timeout=timeout)
        current = 1
    elapsed = now / period - window
    if cache.get(previous_key, 0) * (1 - elapsed) + current > limit:
        try:
            cache.decr(current_key)
        except ValueError:
            pass
        return False
    return True


def remaining(key: str, *, limit: int, period: int, now: float | None = None) -> int:
    """How many more events ``key`` may have right now."""
    now = time.time() if now is None else now
    return max(0, int(limit - _count(key, period, now)))


def reset(key: str, *, period: int, now: float | None = None) -> None:
    now = time.time() if now is None else now
    current_key, previous_key, _window = _window_keys(key, period, now)
    cache.delete_many([current_key, previous_key])
