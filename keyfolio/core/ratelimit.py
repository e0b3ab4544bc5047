"""Counting requests in the cache, for the pages that a link's token opens without a
login (the survey page, the calendar feed): a fixed window per key."""

from django.core.cache import cache

WINDOW_SECONDS = 3600


def hit(key: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count one more request under `key`; True once the window's `limit` is passed."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
