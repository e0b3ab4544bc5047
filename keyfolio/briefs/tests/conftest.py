import pytest
from django.utils import timezone

from keyfolio.briefs.tests.factories import rich_dossier


@pytest.fixture
def rich(world):
    """Northwind with a dossier as full as a busy key account's."""
    people = [world.manager, world.teammate, world.director]
    rich_dossier(world.account, today=timezone.localdate(), people=people, size=12)
    world.account.refresh_from_db()
    return world
