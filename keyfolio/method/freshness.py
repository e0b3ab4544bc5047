"""When information about an account goes stale (METHOD.md §5 defaults).

Issue-level configuration per workspace comes with the playbook; until then these
defaults are the one place the numbers live.
"""

from datetime import date, timedelta

# "The assessment is older than 90 days."
ASSESSMENT_STALE_AFTER = timedelta(days=90)
# "Client and competitor intelligence updated within 6 months."
INTEL_STALE_AFTER = timedelta(days=183)


def is_stale(last: date | None, today: date, after: timedelta) -> bool:
    """True when nothing was recorded, or the last record is older than `after`."""
    return last is None or today - last > after
