"""The audit trail's pages: an account's History tab and the workspace's trail."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import account_update
from keyfolio.audit.context import Via, acting
from keyfolio.audit.guard import erasing
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import BulkChange, record_bulk


def history_url(world, account=None):
    return f"/w/{world.slug}/accounts/{(account or world.account).pk}/history/"


def trail_url(world, query=""):
    return f"/w/{world.slug}/accounts/audit-trail/{query}"


def many_events(world, count: int, account=None) -> None:
    account = account or world.account
    with acting(via=Via.WEB, user=world.manager):
        record_bulk(
            workspace_id=world.workspace.pk,
            model="accounts.Account",
            changes=[
                BulkChange(
                    account.pk,
                    account.pk,
                    "update",
                    {"segment": [f"S{n}", f"S{n + 1}"], "owner_id": [world.manager.pk, None]},
                )
                for n in range(count)
            ],
        )


def test_the_history_tab_shows_who_changed_what_newest_first(world):
    with acting(via=Via.WEB, user=world.manager, ip="203.0.113.9"):
        account_update(account=world.account, segment="Retail", goal_min_zone="key")
        account_update(account=world.account, segment="Banks")
    page = world.client_for(world.manager).get(history_url(world)).content.decode()
    assert page.index("Banks") < page.index("Retail")
    assert "Max Manager &lt;max@acme.test&gt;" in page and "203.0.113.9" in page
    # Field names and choice labels, not column names and codes.
    assert "Segment" in page and "Goal: at least" in page and ">Key</ins>" in page


def test_the_history_tab_shows_only_this_accounts_changes(world):
    account_update(account=world.foreign_account, segment="Elsewhere")
    page = world.client_for(world.owner).get(history_url(world)).content.decode()
    assert "Elsewhere" not in page


@pytest.mark.parametrize(
    ("person", "status"),
    [("owner", 200), ("manager", 200), ("teammate", 200), ("outsider", 404), ("stranger", 404)],
)
def test_the_history_tab_is_for_those_who_see_the_account(world, person, status):
    response = world.client_for(getattr(world, person)).get(history_url(world))
    assert response.status_code == status


def test_the_history_tab_reads_the_same_queries_however_long_the_history(world):
    client = world.client_for(world.manager)
    counts = []
    for size in (3, 120):
        many_events(world, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(history_url(world)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_older_changes_follow_without_a_repeat_or_a_gap(world):
    with erasing():  # Only the events below.
        AuditEvent.objects.all()._raw_delete(connection.alias)
    many_events(world, 60)
    client = world.client_for(world.manager)
    first = client.get(history_url(world))
    cursor = first.context["page"].next_cursor
    assert cursor is not None and len(first.context["page"].events) == 50
    second = client.get(history_url(world), {"before": cursor}).context["page"]
    seen = [shown.event.pk for shown in first.context["page"].events + second.events]
    assert len(seen) == len(set(seen)) == 60 and second.next_cursor is None


@pytest.mark.parametrize(
    ("person", "status"),
    [("owner", 200), ("admin", 200), ("director", 403), ("manager", 403), ("stranger", 404)],
)
def test_the_workspace_trail_is_for_owners_and_admins(world, person, status):
    client = world.client_for(getattr(world, person))
    assert client.get(trail_url(world)).status_code == status
    assert client.get(f"/w/{world.slug}/accounts/audit-trail.csv").status_code == status


def test_the_workspace_trail_filters(world):
    with acting(via=Via.API, user=world.manager, source="CRM sync"):
        account_update(account=world.account, segment="From the API")
    with acting(via=Via.WEB, user=world.owner):
        account_update(account=world.account, segment="From the web")
    client = world.client_for(world.admin)

    def shown(query):
        page = client.get(trail_url(world, query)).context["page"]
        return [s.event.changes.get("segment", [None, None])[1] for s in page.events]

    assert shown("?via=api") == ["From the API"]
    assert shown(f"?actor={world.owner.pk}&model=accounts.Account")[0] == "From the web"
    assert "From the web" in shown(f"?account={world.account.pk}")
    assert shown(f"?account={world.foreign_account.pk}") == []
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert shown(f"?since={tomorrow}") == []
    assert "From the web" in shown(f"?until={timezone.localdate().isoformat()}")


def test_the_workspace_trail_names_a_deleted_account(world):
    account_id = world.account.pk
    world.account.delete()
    page = world.client_for(world.owner).get(trail_url(world))
    assert page.context["account_names"][account_id] == "Northwind"


def test_the_workspace_trail_reads_the_same_queries_however_long_the_trail(world):
    client = world.client_for(world.owner)
    counts = []
    for size in (3, 120):
        many_events(world, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(trail_url(world, "?via=web")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_csv_has_a_line_per_changed_field(world):
    with acting(via=Via.WEB, user=world.owner, ip="203.0.113.9"):
        account_update(account=world.account, segment="=cmd", industry="Banks")
    response = world.client_for(world.owner).get(
        f"/w/{world.slug}/accounts/audit-trail.csv?model=accounts.Account&via=web"
    )
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {(row["field"], row["old"], row["new"]) for row in rows} >= {
        ("segment", "", "'=cmd"),
        ("industry", "", "Banks"),
    }
    assert {row["who"] for row in rows} == {"Olga Owner <olga@acme.test>"}
    assert {row["ip"] for row in rows} == {"203.0.113.9"}


def test_the_workspace_trail_finds_an_account_by_a_part_of_its_name(world):
    with acting(via=Via.WEB, user=world.owner):
        account_update(account=world.account, segment="Retail")
    client = world.client_for(world.admin)

    def accounts_shown(query):
        page = client.get(trail_url(world, query)).context["page"]
        return {shown.event.account_id for shown in page.events}

    assert accounts_shown("?account_name=northW") == {world.account.pk}
    assert accounts_shown("?account_name=Nobody+Inc") == set()
    # A Cyrillic name in another case, which SQLite's own LIKE does not fold.
    ramashka = Account.objects.create(workspace=world.workspace, name="Ромашка")
    with acting(via=Via.WEB, user=world.owner):
        account_update(account=ramashka, segment="Retail")
    assert accounts_shown("?account_name=РОМАШ") == {ramashka.pk}
    # Another workspace's accounts are never matched, and a name typed replaces the
    # account that a link chose.
    assert accounts_shown(f"?account_name={world.foreign_account.name}") == set()
    assert accounts_shown(f"?account={world.foreign_account.pk}&account_name=north") == {
        world.account.pk
    }


def test_the_workspace_trail_by_account_name_reads_the_same_queries_however_long(world):
    client = world.client_for(world.owner)
    counts = []
    for size in (3, 1000):
        many_events(world, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(trail_url(world, "?account_name=north"))
        assert response.context["page"].events
        counts.append(len(queries))
    assert counts[0] == counts[1]
