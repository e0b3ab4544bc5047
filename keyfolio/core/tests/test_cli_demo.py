import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment, Score
from keyfolio.core.demo import DEMO_EMAIL, DEMO_PASSWORD, demo_portfolio_create
from keyfolio.method import Zone
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, Workspace
from keyfolio.workspaces.services import workspace_create


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_it_makes_accounts_with_four_to_eight_assessments_over_two_years(db):
    output = demo("--accounts", "12")

    workspace = Workspace.objects.get(slug="demo")
    accounts = Account.objects.filter(workspace=workspace).annotate(n=Count("assessments"))
    assert len(accounts) == 12
    assert all(4 <= account.n <= 8 for account in accounts)
    today = timezone.localdate()
    dates = Assessment.objects.filter(workspace=workspace).values_list("assessed_on", flat=True)
    assert min(dates) >= today - timedelta(days=731)
    assert max(dates) <= today
    assert "Loaded 12 accounts" in output


def test_it_populates_every_zone_of_the_square(db):
    demo("--accounts", "8")
    zones = set(Account.objects.values_list("current_assessment__zone", flat=True))
    assert zones == {zone.value for zone in Zone}


def test_it_makes_histories_that_move_and_have_gaps(db):
    demo("--accounts", "8")
    # Scores drift: accounts are not frozen at one point.
    moved = [
        account
        for account in Account.objects.all()
        if len(set(account.assessments.values_list("client_index", "our_index"))) > 1
    ]
    assert len(moved) == 8
    assert Score.objects.filter(value=None).exists()  # Some criteria were not assessed.
    assert Score.objects.exclude(comment="").exists()
    names = list(Account.objects.values_list("name", flat=True))
    cyrillic = [name for name in names if re.search("[а-яА-Я]", name)]
    assert 0 < len(cyrillic) < len(names)  # Russian and English companies.


def test_it_makes_the_demo_people(db):
    output = demo("--accounts", "4")

    owner = User.objects.get(email=DEMO_EMAIL)
    assert owner.check_password(DEMO_PASSWORD)
    roles = list(Membership.objects.filter(workspace__slug="demo").values_list("role", flat=True))
    assert roles.count(Role.OWNER) == 1
    assert roles.count(Role.MANAGER) >= 3
    assert Role.DIRECTOR in roles and Role.ADMIN in roles
    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in output


def test_it_gives_the_same_portfolio_for_the_same_seed(db):
    owner = User.objects.create_user("owner@example.test")
    first, second = (workspace_create(name=n, owner=owner) for n in ("One", "Two"))

    def snapshot(workspace):
        return list(
            Assessment.objects.filter(workspace=workspace)
            .order_by("account__name", "assessed_on")
            .values_list("account__name", "assessed_on", "client_index", "our_index")
        )

    demo_portfolio_create(workspace=first, accounts=6, seed=7)
    demo_portfolio_create(workspace=second, accounts=6, seed=7)
    assert snapshot(first) == snapshot(second)


def test_it_refuses_a_workspace_that_has_accounts(db):
    demo("--accounts", "4")
    with pytest.raises(CommandError, match="already has accounts"):
        demo("--accounts", "4")
    assert Account.objects.count() == 4


def test_it_adds_accounts_with_force(db):
    demo("--accounts", "4")
    demo("--accounts", "4", "--force")
    names = list(Account.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 8
