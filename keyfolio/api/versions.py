"""Versions of the API's objects: the ETag of a read, and the If-Match check of a write.

A read sends the object's version as its ETag; a write that sends it back as If-Match
is refused with 412 (nothing written) when the object changed since, so that two
systems, or a system and a person, never overwrite each other's change unknowingly.
The tokens themselves (`version_tag`, `content_tag`) live in `keyfolio.core.versions`,
which the edit forms share.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from keyfolio.api.problems import Problem
from keyfolio.core.versions import content_tag, version_tag

__all__ = ["content_tag", "require_fresh", "version_tag"]


def require_fresh(request: HttpRequest, current: str) -> None:
    """Refuse the write (412) when If-Match names another version than `current`.
    Without If-Match the write goes through (a client that does not read first)."""
    expected = request.headers.get("If-Match")
    if (
        expected
        and expected.strip() != "*"
        and current not in [tag.strip() for tag in expected.split(",")]
    ):
        raise Problem(
            412,
            "precondition-failed",
            _("It changed since you read it: read it again, then send your change."),
        )
