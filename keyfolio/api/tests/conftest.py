"""Fixtures of the API's tests: a token for any member, and a client that sends it."""

import pytest
from django.core.cache import cache
from django.test import Client

from keyfolio.api.services import api_token_create
from keyfolio.workspaces.models import Membership


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the lock-out and the rate limit count there


def token_for(user, workspace, *, read_only: bool = False) -> str:
    membership = Membership.objects.get(user=user, workspace=workspace)
    return api_token_create(membership=membership, name="test", read_only=read_only)


def api_client(token: str | None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(headers=headers)


@pytest.fixture
def as_member(world):
    """A client of the API holding a token of `user` in Acme."""

    def make(user, *, read_only: bool = False) -> Client:
        return api_client(token_for(user, world.workspace, read_only=read_only))

    return make


# The If-Match of a client that means to overwrite whatever the object holds now.
OVERWRITE = {"If-Match": "*"}
