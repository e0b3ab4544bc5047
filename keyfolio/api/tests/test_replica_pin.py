"""With a replica: a script that writes through the API reads what it wrote next, though
it keeps no cookie (keyfolio.core.routers)."""

from django.core.cache import cache
from django.urls import reverse

from keyfolio.api.tests.conftest import OVERWRITE
from keyfolio.core.tests.test_routers import queries_on, replica  # noqa: F401 (a fixture)


def test_a_token_that_wrote_reads_the_primary_until_the_pin_lapses(replica, world, as_member):  # noqa: F811
    client = as_member(world.manager)
    account = reverse("api:account_detail", args=[world.account.pk])

    # Reads go to the replica, again and again: noting when the token was last used
    # (a write) pins nobody.
    assert queries_on(replica, lambda: client.get(account)) > 0
    assert queries_on(replica, lambda: client.get(account)) > 0

    changed = client.patch(
        account, {"name": "Northwind Holding"}, content_type="application/json", headers=OVERWRITE
    )
    assert changed.status_code == 200
    # Its next read: the primary only, and what it wrote.
    assert queries_on(replica, lambda: client.get(account)) == 0
    assert client.get(account).json()["name"] == "Northwind Holding"
    # Another client's reads still go to the replica.
    assert queries_on(replica, lambda: as_member(world.teammate).get(account)) > 0

    cache.clear()  # The pin lapses (DATABASE_REPLICA_PIN_SECONDS).
    assert queries_on(replica, lambda: client.get(account)) > 0
