"""Versions of the API's objects: the ETag of a read, and the If-Match check of a write.

A read sends the object's version as its ETag; a write sends it back as If-Match and is
refused with 412 (nothing written) when the object changed since, or with 428 when it
sends none, so that two systems, or a system and a person, never overwrite each other's
change unknowingly.
An object's version is its kind, id and time of last change; objects that keep no time
of change (actions) are versioned by what they hold.
"""

import hashlib
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from keyfolio.api.problems import Problem


def version_tag(kind: str, pk: object, changed: datetime | None) -> str:
    """The ETag of one version of an object: its kind, id and last change."""
    stamp = f"{changed.timestamp():.6f}" if changed else "none"
    return f'"{kind}-{pk}-{stamp}"'


def content_tag(kind: str, pk: object, *values: Any) -> str:
    """The ETag of an object that keeps no time of change: a digest of what it holds."""
    text = "|".join(
        "" if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in values
    )
    return f'"{kind}-{pk}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"'


def require_fresh(request: HttpRequest, current: str) -> None:
    """Refuse the write when it does not say which version it changes (428), or names
    another version than `current` (412). `If-Match: *` is the explicit "whatever it
    holds now" of RFC 9110, for a client that means to overwrite."""
    expected = request.headers.get("If-Match")
    if not expected:
        raise Problem(
            428,
            "precondition-required",
            _("Send the ETag you read as If-Match, so that no one's change is overwritten."),
        )
    if expected.strip() != "*" and current not in [tag.strip() for tag in expected.split(",")]:
        raise Problem(
            412,
            "precondition-failed",
            _("It changed since you read it: read it again, then send your change."),
        )
