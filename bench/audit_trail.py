"""The audit trail's pages at a real portfolio's size: 10,000 accounts, a million events.

Run with

    .venv/bin/python bench/audit_trail.py [--accounts 10000] [--events 1000000]
        [--repeat 5] [--database-url URL]

It builds the workspace `bench-N` with bench/generate.py (as bench/run.py does; reused
when the database holds it), adds --events audit events spread over two years, its
accounts, its people, every way in (web, API, import, CLI, system) and the models the
trail records, in bulk (the generator writes around the services, which would have
recorded them), then times, as the workspace's owner, the workspace's trail (first page,
a page deep in the past, each filter), an account's History tab and an account's CSV,
with Django's test client. It prints ms (median of --repeat), queries, KB and peak MB, as
bench/run.py does. Copy the table into docs/benchmarks.md with the date and the machine.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import measure, page, portfolio_for, set_up_django

MODELS = [
    ("accounts.Account", "update", {"segment": ["Retail", "Energy"]}),
    ("assessments.Assessment", "create", {"client_index": [None, 62.5], "zone": [None, "key"]}),
    ("plans.Action", "update", {"due_on": ["2026-03-01", "2026-04-01"]}),
    ("stakeholders.Contact", "update", {"attitude": [2, 4]}),
    ("revenue.RevenueEntry", "create", {"amount": [None, "12500"]}),
    ("activities.Activity", "create", {"summary": [None, "Quarterly review"]}),
]
VIAS = ["web", "web", "web", "api", "import", "cli", "system"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def fill_trail(workspace_id: int, events: int) -> float:
    """`events` events of the workspace over the last two years, oldest first; seconds."""
    from django.utils import timezone

    from keyfolio.accounts.models import Account
    from keyfolio.audit.models import AuditEvent
    from keyfolio.workspaces.models import Membership

    have = AuditEvent.objects.filter(workspace_id=workspace_id).count()
    if have >= events:
        return 0.0
    rng = random.Random(1)
    accounts = list(Account.objects.filter(workspace_id=workspace_id).values_list("pk", "name"))
    people = list(
        Membership.objects.filter(workspace_id=workspace_id).values_list("user_id", "user__email")
    )
    now = timezone.now()
    step = timedelta(days=730) / events
    start = time.perf_counter()
    batch: list[AuditEvent] = []
    for n in range(have, events):
        account_id, name = rng.choice(accounts)
        user_id, email = rng.choice(people)
        model, action, changes = rng.choice(MODELS)
        batch.append(
            AuditEvent(
                workspace_id=workspace_id,
                account_id=account_id,
                at=now - timedelta(days=730) + step * n,
                actor_id=user_id,
                actor_label=email,
                via=rng.choice(VIAS),
                model=model,
                object_id=account_id,
                object_repr=name,
                action=action,
                changes=changes,
            )
        )
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    return time.perf_counter() - start


def main() -> None:
    args = parse_args()
    set_up_django(args.database_url)
    from django.test import Client
    from django.urls import reverse

    from keyfolio.accounts.models import Account
    from keyfolio.audit.models import AuditEvent
    from keyfolio.audit.trail import cursor_of
    from keyfolio.workspaces.models import Membership, Role

    portfolio = portfolio_for(args.accounts)
    filled = fill_trail(portfolio.workspace_id, args.events)
    owner = Membership.objects.get(workspace_id=portfolio.workspace_id, role=Role.OWNER).user
    rare = (
        Membership.objects.filter(workspace_id=portfolio.workspace_id, role=Role.MANAGER)
        .order_by("pk")
        .first()
    )
    client = Client()
    client.force_login(owner)
    slug, account = portfolio.slug, portfolio.account_id
    account_name = Account.objects.get(pk=account).name
    trail = reverse("accounts:audit_trail", args=[slug])
    oldest_first = AuditEvent.objects.filter(workspace_id=portfolio.workspace_id).order_by(
        "at", "id"
    )
    deep = oldest_first[min(100_000, args.events // 10)]  # nine tenths down the trail

    cases = {
        "trail, first page": trail,
        "trail, nine tenths of the way back": f"{trail}?before={cursor_of(deep)}",
        "trail, one person": f"{trail}?actor={rare.user_id}",
        "trail, through the API": f"{trail}?via=api",
        "trail, one kind of record": f"{trail}?model=plans.Action",
        "trail, one account": f"{trail}?account={account}",
        # By a part of a name: one account's whole name, and a fragment many names share.
        "trail, accounts named like one": f"{trail}?account_name={quote(account_name)}",
        "trail, accounts named like many": f"{trail}?account_name={quote(account_name[:3])}",
        "trail, one week a year ago": f"{trail}?since=2025-12-01&until=2025-12-07",
        "account History tab": reverse("accounts:history", args=[slug, account]),
        "account's trail as CSV": reverse("accounts:audit_trail_csv", args=[slug])
        + f"?account={account}",
    }
    total = AuditEvent.objects.filter(workspace_id=portfolio.workspace_id).count()
    print(
        f"\n### {args.accounts:,} accounts, {total:,} audit events "
        f"(events written in {filled:.0f} s)\n"
    )
    print("| page | ms | KB | queries | peak MB |")
    print("|---|---|---|---|---|")
    for name, url in cases.items():
        print(f"  {name} …", file=sys.stderr, flush=True)
        result = measure(page(client, url), args.repeat)
        print(
            f"| {name} | {result.ms:.1f} | {result.size / 1024:,.0f} | {result.queries} "
            f"| {result.peak_mb:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
