"""The cache-based rate limiter that comments (and later edit proposals) share."""

import pytest

from kochbuch import ratelimit


def test_a_rate_is_written_as_count_per_period():
    assert ratelimit.parse_rate("5/10m") == (5, 600)
    assert ratelimit.parse_rate("5/m") == (5, 60)
    assert ratelimit.parse_rate("20/300") == (20, 300)
    assert ratelimit.parse_rate("10/h") == (10, 3600)
    with pytest.raises(ValueError):
        ratelimit.parse_rate("viele")


def test_events_up_to_the_limit_pass_and_the_next_is_refused():
    now = 1_000_000.0
    assert all(ratelimit.hit("k", limit=3, period=60, now=now + i) for i in range(3))
    assert not ratelimit.hit("k", limit=3, period=60, now=now + 3)
    assert ratelimit.remaining("k", limit=3, period=60, now=now + 3) == 0


def test_keys_are_counted_separately():
    now = 2_000_000.0
    assert ratelimit.hit("a", limit=1, period=60, now=now)
    assert ratelimit.hit("b", limit=1, period=60, now=now)
    assert not ratelimit.hit("a", limit=1, period=60, now=now)


def test_a_refused_attempt_is_not_counted_so_waiting_helps():
    start = 3_000_000.0  # the beginning of a window
    assert ratelimit.hit("w", limit=2, period=60, now=start)
    assert ratelimit.hit("w", limit=2, period=60, now=start + 1)
    for second in range(2, 30):
        assert not ratelimit.hit("w", limit=2, period=60, now=start + second)
    # a full period later the old window no longer weighs: allowed again
    assert ratelimit.hit("w", limit=2, period=60, now=start + 121)


def test_the_previous_window_still_weighs_so_a_window_boundary_allows_no_double_burst():
    start = 4_000_020.0 - (4_000_020.0 % 60) + 50  # 10 seconds before a boundary
    assert all(ratelimit.hit("b2", limit=4, period=60, now=start + i * 0.1) for i in range(4))
    # just after the boundary the previous window still counts almost fully
    assert not ratelimit.hit("b2", limit=4, period=60, now=start + 11)
    # most of a period later it has faded
    assert ratelimit.hit("b2", limit=4, period=60, now=start + 65)


def test_reset_forgets_a_key():
    now = 5_000_000.0
    assert ratelimit.hit("r", limit=1, period=60, now=now)
    ratelimit.reset("r", period=60, now=now)
    assert ratelimit.hit("r", limit=1, period=60, now=now)
