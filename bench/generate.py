"""Build a big, realistic workspace fast: tens of thousands of accounts in seconds.

Run with `.venv/bin/python bench/generate.py --accounts 10000 [--database-url URL]
[--workspace SLUG] [--assessments-per-account 5] [--seed 1]`. Without a URL it builds a
temporary SQLite file with the project's settings (see bench/run.py) and prints its path.

Unlike the demo generator, which records one assessment at a time through
`assessment_create` (about 20 ms an account), this writes with `bulk_create` in chunks,
one transaction per chunk of accounts. The workspace itself comes from
`workspace_create`, so it has the default methodology like any other. Each assessment's
indices, zone and completeness come from `assessment_figures`, as in
`assessment_create`, and each account's current/previous pointers are the ones
`Account.refresh_assessment_pointers` would choose; keyfolio/tests/test_bench_generate.py
checks both.
"""

import argparse
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

CHUNK = 5000  # Rows per INSERT batch.
ACCOUNTS_PER_TRANSACTION = 1000
PASSWORD = "bench-password-1"

SEGMENTS = ("Enterprise", "Large", "Mid-market", "Public sector", "Strategic")
COUNTRIES = ("Germany", "Sweden", "France", "United Kingdom", "Poland", "Kazakhstan", "Russia")
INDUSTRIES = ("Logistics", "Metals & Mining", "Retail", "Energy", "Banking", "Telecom")
WORDS = ("Nordic", "Baltic", "Atlas", "Polar", "Vector", "Orion", "Granite", "Summit", "Delta")
FORMS = ("Group", "Holding", "AB", "GmbH", "Ltd", "Industries", "Systems")
CONTACT_NAMES = ("Anna", "Boris", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Irina")
CONTACT_TITLES = ("CEO", "CFO", "Head of Procurement", "CIO", "Operations Director")
CONTACTS_PER_ACCOUNT = 3
ACTIVITIES_PER_ACCOUNT = 4
REVENUE_MONTHS = 6
SURVEYED_SHARE = 0.5  # Of the accounts, each with SURVEYS_PER_ACCOUNT sent over two years.
SURVEYS_PER_ACCOUNT = 3
ANSWERED_SHARE = 0.7


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workspace", default="bench")
    parser.add_argument("--assessments-per-account", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def generate(
    *, accounts: int, slug: str = "bench", assessments_per_account: int = 5, seed: int = 1
) -> Counter:
    """Create workspace `slug` with `accounts` accounts and their history; return the
    number of rows written per model."""
    from django.contrib.auth.hashers import make_password

    from keyfolio.assessments.models import Methodology
    from keyfolio.users.models import User
    from keyfolio.workspaces.models import Membership, Role
    from keyfolio.workspaces.services import workspace_create

    rng = random.Random(seed)
    counts: Counter = Counter()
    password = make_password(PASSWORD)  # Hashed once: every generated person shares it.
    owner = User.objects.create(
        email=f"owner@{slug}.bench", full_name="Olga Owner", password=password
    )
    workspace = workspace_create(name=f"Bench {slug}", owner=owner, slug=slug)
    people = [User(email=f"director@{slug}.bench", full_name="Dana Director", password=password)]
    people += [
        User(email=f"manager{i}@{slug}.bench", full_name=f"Manager {i}", password=password)
        for i in range(max(1, accounts // 25))
    ]
    people = User.objects.bulk_create(people, batch_size=CHUNK)
    Membership.objects.bulk_create(
        [Membership(workspace=workspace, user=people[0], role=Role.DIRECTOR)]
        + [Membership(workspace=workspace, user=u, role=Role.MANAGER) for u in people[1:]],
        batch_size=CHUNK,
    )
    counts["User"] += len(people) + 1
    counts["Membership"] += len(people) + 1
    managers = people[1:]
    methodology = Methodology.objects.current_for(workspace)
    criteria = list(methodology.active_criteria())
    for start in range(0, accounts, ACCOUNTS_PER_TRANSACTION):
        size = min(ACCOUNTS_PER_TRANSACTION, accounts - start)
        counts += _accounts_chunk(
            workspace, methodology, criteria, managers, rng, start, size, assessments_per_account
        )
    return counts


def _accounts_chunk(
    workspace, methodology, criteria, managers, rng, start, size, assessments_per_account
) -> Counter:
    from django.db import transaction

    from keyfolio.accounts.models import Account, StageChoice

    with transaction.atomic():
        accounts = Account.objects.bulk_create(
            [
                Account(
                    workspace=workspace,
                    name=f"{rng.choice(WORDS)} {rng.choice(FORMS)} {start + i + 1}",
                    segment=rng.choice(SEGMENTS),
                    country=rng.choice(COUNTRIES),
                    industry=rng.choice(INDUSTRIES),
                    currency="EUR",
                    stage=rng.choice(StageChoice.values),
                    owner=managers[(start + i) % len(managers)],
                )
                for i in range(size)
            ],
            batch_size=CHUNK,
        )
        counts = Counter(Account=len(accounts))
        counts["Account.team"] = _teams(accounts, managers, rng)
        counts += _assessments(accounts, methodology, criteria, rng, assessments_per_account)
        counts += _dossiers(accounts, rng)
        counts += _surveys(accounts, rng, workspace)
    return counts


def _teams(accounts, managers, rng) -> int:
    from keyfolio.accounts.models import Account
    from keyfolio.core.bulk import rows_insert

    Team = Account.team.through
    rows = []
    for account in accounts:
        others = [m for m in rng.sample(managers, min(3, len(managers))) if m != account.owner]
        rows += [(account.pk, m.pk) for m in others[:2]]
    return rows_insert(Team, ["account_id", "user_id"], rows)


def _assessments(accounts, methodology, criteria, rng, per_account) -> Counter:
    """`per_account` assessments a quarter apart for each account, the scores drifting
    from a starting level per axis to an end level, and the account's pointers."""
    from django.utils import timezone

    from keyfolio.accounts.models import Account
    from keyfolio.assessments.models import Assessment, Score
    from keyfolio.assessments.services import assessment_figures
    from keyfolio.core.bulk import rows_insert
    from keyfolio.method import Axis

    today = timezone.localdate()
    assessments: list[Assessment] = []
    values: list[list[float]] = []
    for account in accounts:
        begin = {axis: rng.uniform(10, 90) for axis in Axis}
        end = {axis: min(100.0, max(0.0, begin[axis] + rng.uniform(-30, 30))) for axis in Axis}
        for k in range(per_account):
            t = k / max(1, per_account - 1)
            scores = [
                round(
                    min(100.0, max(0.0, rng.gauss((1 - t) * begin[a] + t * end[a], 12))),
                    1,
                )
                for a in (Axis(c.axis) for c in criteria)
            ]
            figures = assessment_figures(
                criteria=criteria,
                values={c.key: v for c, v in zip(criteria, scores, strict=True)},
                thresholds=methodology.thresholds,
            )
            days_ago = (per_account - 1 - k) * 91 + rng.randint(0, 30)
            assessments.append(
                Assessment(
                    workspace_id=account.workspace_id,
                    account=account,
                    methodology=methodology,
                    assessor_id=account.owner_id,
                    assessed_on=today - timedelta(days=days_ago),
                    **figures,
                )
            )
            values.append(scores)
    Assessment.objects.bulk_create(assessments, batch_size=CHUNK)
    rows_insert(
        Score,
        ["assessment_id", "criterion_id", "value"],
        [
            (a.pk, c.pk, v)
            for a, scores in zip(assessments, values, strict=True)
            for c, v in zip(criteria, scores, strict=True)
        ],
    )
    by_account: dict[int, list[Assessment]] = {}
    for a in assessments:
        by_account.setdefault(a.account_id, []).append(a)
    for account in accounts:
        # The order of refresh_assessment_pointers: -assessed_on, -created_at, -pk.
        latest = sorted(
            by_account.get(account.pk, []),
            key=lambda a: (a.assessed_on, a.created_at, a.pk),
            reverse=True,
        )
        account.current_assessment = latest[0] if latest else None
        account.previous_assessment = latest[1] if len(latest) > 1 else None
        # The account is as old as its history, as in a real portfolio: one created today
        # would still be in the playbook's grace period, with its relationship checks off.
        if latest:
            first = latest[-1].assessed_on
            account.created_at = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
    Account.objects.bulk_update(
        accounts, ["current_assessment", "previous_assessment", "created_at"], batch_size=CHUNK
    )
    return Counter(Assessment=len(assessments), Score=len(assessments) * len(criteria))


def _dossiers(accounts, rng) -> Counter:
    """A few contacts, activities and monthly revenue entries per account."""
    from django.utils import timezone

    from keyfolio.activities.models import Activity, KindChoice
    from keyfolio.core.bulk import rows_insert
    from keyfolio.revenue.models import RevenueEntry
    from keyfolio.stakeholders.models import Attitude, Contact, DecisionRole

    contacts, activities, revenue = [], [], []
    this_month = timezone.localdate().replace(day=1)
    months = [this_month]
    for _ in range(REVENUE_MONTHS - 1):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    for account in accounts:
        pk, workspace_id, owner_id = account.pk, account.workspace_id, account.owner_id
        contacts += [
            (
                workspace_id,
                pk,
                f"{rng.choice(CONTACT_NAMES)} {pk}-{i}",
                rng.choice(CONTACT_TITLES),
                rng.choice(DecisionRole.values),
                rng.randint(1, 5),
                rng.choice(Attitude.values),
            )
            for i in range(CONTACTS_PER_ACCOUNT)
        ]
        activities += [
            (
                workspace_id,
                pk,
                rng.choice(KindChoice.values),
                this_month - timedelta(days=rng.randint(0, 365)),
                "Discussed the next quarter.",
                owner_id,
            )
            for _ in range(ACTIVITIES_PER_ACCOUNT)
        ]
        base = rng.uniform(5_000, 500_000)
        revenue += [
            (workspace_id, pk, month, Decimal(f"{base * rng.uniform(0.7, 1.3):.2f}"), owner_id)
            for month in months
        ]
    contact_fields = ["workspace_id", "account_id", "name", "title", "decision_role"]
    activity_fields = ["workspace_id", "account_id", "kind", "occurred_on", "summary"]
    revenue_fields = ["workspace_id", "account_id", "month", "amount", "created_by_id"]
    return Counter(
        Contact=rows_insert(Contact, [*contact_fields, "influence", "attitude"], contacts),
        Activity=rows_insert(Activity, [*activity_fields, "created_by_id"], activities),
        RevenueEntry=rows_insert(RevenueEntry, revenue_fields, revenue),
    )


def _surveys(accounts, rng, workspace) -> Counter:
    """Relationship surveys sent over the last two years to half the accounts, most of
    them answered, with their NPS and CSAT (no Answer rows: the pages read the
    invitation's headline figures)."""
    from keyfolio.core.bulk import rows_insert
    from keyfolio.stakeholders.models import DecisionRole
    from keyfolio.surveys.models import Invitation, SurveyTemplate

    template_id = SurveyTemplate.objects.current_for(workspace).pk
    now = datetime.now(UTC)
    rows = []
    for account in accounts:
        if rng.random() >= SURVEYED_SHARE:
            continue
        for n in range(SURVEYS_PER_ACCOUNT):
            sent = now - timedelta(days=rng.randint(1, 730))
            answered = rng.random() < ANSWERED_SHARE
            rows.append(
                (
                    account.workspace_id,
                    account.pk,
                    f"Contact {account.pk}-{n}",
                    f"contact{account.pk}-{n}@bench.invalid",
                    rng.choice(DecisionRole.values),
                    template_id,
                    sent,
                    sent,
                    sent + timedelta(days=30),
                    sent + timedelta(days=2) if answered else None,
                    rng.randint(0, 10) if answered else None,
                    rng.randint(1, 5) if answered else None,
                )
            )
    fields = ["workspace_id", "account_id", "contact_name", "email", "decision_role"]
    fields += ["template_id", "created_at", "sent_at", "expires_at", "answered_at", "nps", "csat"]
    return Counter(Invitation=rows_insert(Invitation, fields, rows))


def main() -> None:
    from run import set_up_django  # bench/ is on sys.path when this script runs.

    args = parse_args()
    set_up_django(args.database_url)
    from django.conf import settings
    from django.db import connection

    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    start = time.perf_counter()
    counts = generate(
        accounts=args.accounts,
        slug=args.workspace,
        assessments_per_account=args.assessments_per_account,
        seed=args.seed,
    )
    seconds = time.perf_counter() - start
    for model, rows in counts.items():
        print(f"{model:>14}: {rows:,}")
    total = sum(counts.values())
    print(
        f"{args.accounts:,} accounts, {total:,} rows in {seconds:.1f} s "
        f"({total / seconds:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
