from datetime import date, timedelta

from keyfolio.accounts.models import Account
from keyfolio.activities.selectors import latest_activities_by_account
from keyfolio.activities.tests.factories import log

TODAY = date(2026, 5, 20)


def test_it_reads_the_latest_activities_of_many_accounts_in_one_query(
    world, django_assert_num_queries
):
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    quiet = Account.objects.create(workspace=world.workspace, name="Fabrikam")
    for days in (1, 5, 9):
        log(world.account, by=world.manager, on=TODAY - timedelta(days=days), summary=f"N{days}")
    log(world.account, by=world.manager, on=TODAY + timedelta(days=3), summary="planned")
    log(other, by=world.manager, on=TODAY - timedelta(days=2), summary="O2")
    with django_assert_num_queries(1):
        latest = latest_activities_by_account(
            [world.account.pk, other.pk, quiet.pk], limit=2, today=TODAY
        )
    summaries = {pk: [a.summary for a in rows] for pk, rows in latest.items()}
    assert summaries == {world.account.pk: ["N1", "N5"], other.pk: ["O2"], quiet.pk: []}
