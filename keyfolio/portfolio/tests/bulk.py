"""Portfolios of a few hundred accounts for the tests of size: written in bulk.

`assessment_create` takes a few milliseconds an account, too slow for a test that
compares a page at N and at 4N accounts. These accounts get one or two stored
assessments each (indices and zone as the core computes them, no scores) and the
pointers `Account.refresh_assessment_pointers` would set.
"""

from datetime import date, timedelta

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.method import DEFAULT_THRESHOLDS, zone_of


def bulk_portfolio(world, count: int, *, prefix: str = "Bulk", owner=None) -> list[Account]:
    """`count` accounts spread over the square (a deterministic scatter), owned by
    `owner` (the director by default); every third one moved since its previous
    assessment."""
    owner = owner or world.director
    methodology = Methodology.objects.current_for(world.workspace)
    accounts = Account.objects.bulk_create(
        Account(workspace=world.workspace, name=f"{prefix} {n:05d}", owner=owner, segment="Bulk")
        for n in range(count)
    )
    today = date(2025, 6, 1)
    assessments = []
    for n, account in enumerate(accounts):
        positions = [((n * 37) % 101, (n * 61) % 101)]
        if n % 3 == 0:
            positions.insert(0, ((n * 13) % 101, (n * 7) % 101))
        for k, (client, our) in enumerate(positions):
            assessments.append(
                Assessment(
                    workspace=world.workspace,
                    account=account,
                    methodology=methodology,
                    assessed_on=today - timedelta(days=90 * (len(positions) - 1 - k)),
                    client_index=client,
                    our_index=our,
                    zone=zone_of(client, our, DEFAULT_THRESHOLDS).value,
                    completeness=1.0,
                    criteria_scored=15,
                    criteria_total=15,
                )
            )
    Assessment.objects.bulk_create(assessments)
    latest: dict[int, list[Assessment]] = {}
    for assessment in assessments:  # In date order per account.
        latest.setdefault(assessment.account_id, []).insert(0, assessment)
    for account in accounts:
        mine = latest[account.pk]
        account.current_assessment = mine[0]
        account.previous_assessment = mine[1] if len(mine) > 1 else None
    Account.objects.bulk_update(accounts, ["current_assessment", "previous_assessment"])
    return accounts
