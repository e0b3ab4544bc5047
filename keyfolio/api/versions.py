"""Versions of the API's objects: the ETag of a read, and the If-Match check of a write.

A read sends the object's version as its ETag; a write sends it back as If-Match and is
refused with 412 (nothing written) when the object changed since, or with 428 when it
sends none, so that two systems, or a system and a person, never overwrite each other's
change unknowingly. The tokens themselves (`version_tag`, `content_tag`) live in
`keyfolio.core.versions`, which the edit forms share.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from keyfolio.api.problems import Problem
from keyfolio.core.versions import content_tag, version_tag

__all__ = ["content_tag", "require_fresh", "version_tag"]


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
