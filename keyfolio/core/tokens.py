"""The secret of a link that is its own key: a survey link, a calendar feed.

A token is 32 random bytes (256 bits) from `secrets`, URL-safe base64: 43 characters.
Only its SHA-256 hash is stored, so that whoever reads the database (a backup, a
replica) cannot answer anybody's survey or read anybody's calendar. A plain hash is
enough: the token is random and long, so there is no dictionary to try, unlike a
password.
"""

import hashlib
import re
import secrets

TOKEN_BYTES = 32
# What secrets.token_urlsafe(32) gives: 43 characters of the URL-safe alphabet.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_well_formed(token: str) -> bool:
    """Could this be one of our tokens? Others are refused before any query."""
    return TOKEN_SHAPE.fullmatch(token) is not None
