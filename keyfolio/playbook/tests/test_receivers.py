"""The stored checks follow the data: a write to anything the checks read refreshes its
account's rows once the transaction commits (keyfolio.playbook.receivers)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.models import ActivityRule
from keyfolio.activities.services import activity_delete
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.method.playbook import Check
from keyfolio.playbook import receivers
from keyfolio.playbook.catalog import playbook_settings_for
from keyfolio.playbook.models import AccountCheck
from keyfolio.playbook.services import playbook_settings_update
from keyfolio.playbook.tasks import refresh_attention
from keyfolio.playbook.tests.factories import make_note, make_plan, make_presence
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.workspaces.models import Membership
from keyfolio.workspaces.services import membership_set_executive


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block, then what its commit would run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def stored(account: Account, check: str) -> AccountCheck:
    return AccountCheck.objects.get(account=account, check_key=check)


def status(account: Account, check: str) -> str:
    return stored(account, check).status.value


def test_an_activity_logged_turns_a_red_check_green_once_committed(world, today, committed):
    assert status(world.account, "executive_contact") == "red"
    with committed():
        log(world.account, by=world.manager, on=today, kind="executive_meeting")
        # Nothing changes before the commit: the data may still be rolled back.
        assert status(world.account, "executive_contact") == "red"
    assert status(world.account, "executive_contact") == "green"
    assert stored(world.account, "executive_contact").reason_code == "executive_contact.ok"


def test_a_deleted_activity_turns_it_back(world, today, committed):
    with committed():
        activity = log(world.account, by=world.manager, on=today, kind="executive_meeting")
    with committed():
        activity_delete(activity=activity)
    assert status(world.account, "executive_contact") == "red"


def test_a_rolled_back_write_changes_nothing(world, today, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        log(world.account, by=world.manager, on=today, kind="executive_meeting")
        raise RuntimeError("the request failed")
    assert status(world.account, "executive_contact") == "red"


def test_it_refreshes_an_account_once_per_commit_however_many_writes(
    world, today, committed, django_assert_max_num_queries
):
    """Five writes, one refresh: the callbacks after the first find nothing left."""
    # The five inserts and their audit events, then one refresh: in a savepoint, the
    # account and its thresholds, the gatherer's six, the revenue, the upsert and the
    # retired checks, the snoozes, the due actions and the account's place on the work
    # queue.
    with django_assert_max_num_queries(5 * 2 + 16), committed():
        for name in "ABCDE":
            make_contact(world.account, name)
    assert status(world.account, "multi_threaded") == "green"


@pytest.mark.parametrize(
    ("check", "write"),
    [
        ("assessment_fresh", lambda w, today: assess(w.account, client=60, our=60, on=today)),
        (
            "joint_strategy",
            lambda w, today: make_plan(w.account, reviewed_on=today, agreed_with_client=True),
        ),
        (
            "resources",
            lambda w, today: make_plan(
                w.account, resource_owner=w.manager, capacity_note="Two engineers"
            ),
        ),
        ("multi_threaded", lambda w, today: [make_contact(w.account, n) for n in "ABC"]),
        ("intelligence", lambda w, today: make_note(w.account, on=today)),
        ("intelligence", lambda w, today: make_presence(w.account, on=today)),
        ("new_offer", lambda w, today: log(w.account, by=w.manager, on=today, kind="proposal")),
    ],
)
def test_each_source_of_a_check_refreshes_it(world, today, committed, check, write):
    assert status(world.account, check) != "green"
    with committed():
        write(world, today)
    assert status(world.account, check) == "green"


def test_a_rule_added_to_an_activity_refreshes_its_account(world, today, committed):
    activity = log(world.account, by=world.manager, on=today, kind="call")
    with committed():
        ActivityRule.objects.create(activity=activity, rule=5)  # satisfaction
    assert status(world.account, "satisfaction") == "green"


def test_an_executive_flag_refreshes_the_accounts_they_met(world, today, committed):
    # A call by the director counts as executive contact once the director is one.
    log(world.account, by=world.director, on=today, kind="call")
    assert status(world.account, "executive_contact") == "red"
    owner = Membership.objects.get(workspace=world.workspace, user=world.owner)
    director = Membership.objects.get(workspace=world.workspace, user=world.director)
    with committed():
        membership_set_executive(membership=director, is_executive=True, by=owner)
    assert status(world.account, "executive_contact") == "green"


def test_revenue_and_the_name_rank_the_account(world, today, committed):
    with committed():
        RevenueEntry.objects.create(
            workspace=world.workspace,
            account=world.account,
            month=month_start(today, 1),
            amount=Decimal("1234.50"),
        )
        world.account.name = "Northwind Traders"
        world.account.save()
    row = stored(world.account, "executive_contact")
    assert row.revenue == Decimal("1234.50")
    assert row.sort_name == "northwind traders"


def test_an_archived_account_leaves_the_queue_and_comes_back_restored(world, committed):
    with committed():
        world.account.archive()
    assert not AccountCheck.objects.filter(account=world.account).exists()
    with committed():
        world.account.restore()
    assert AccountCheck.objects.filter(account=world.account).count() == len(Check)


def test_a_bulk_write_is_refreshed_through_accounts_changed(world, committed):
    """A bulk writer sends no post_save; it sends accounts_changed with the accounts."""
    Account.objects.filter(pk=world.account.pk).update(name="Renamed in bulk")
    assert stored(world.account, "executive_contact").sort_name == "northwind"
    with committed():
        accounts_changed.send(sender=None, account_ids=[world.account.pk])
    assert stored(world.account, "executive_contact").sort_name == "renamed in bulk"


def test_new_thresholds_refresh_the_whole_workspace(world, today, committed):
    other = Account.objects.create(workspace=world.workspace, name="Contoso")
    assess(other, client=60, our=60, on=today - timedelta(days=40))
    assess(world.account, client=60, our=60, on=today - timedelta(days=40))
    receivers.refresh_marked()
    assert status(other, "assessment_fresh") == "green"

    with committed():
        settings = playbook_settings_for(world.workspace)
        playbook_settings_update(
            settings=settings,
            executive_contact_days=90,
            strategy_review_days=365,
            satisfaction_days=183,
            intelligence_days=183,
            assessment_days=30,
            warning_days=7,
        )
    assert status(other, "assessment_fresh") == "red"
    assert status(world.account, "assessment_fresh") == "red"
    assert stored(other, "assessment_fresh").numbers == {"days": 40, "limit": 30}
    # The other workspace's accounts keep theirs.
    assert stored(world.foreign_account, "assessment_fresh").computed_on == today


def test_a_big_workspace_is_left_to_the_worker(world, committed, monkeypatch):
    """Beyond INLINE_LIMIT accounts, the committing request queues a task instead."""
    monkeypatch.setattr(receivers, "INLINE_LIMIT", 0)
    settings = playbook_settings_for(world.workspace)
    with committed():
        settings.assessment_days = 30
        settings.save()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "keyfolio.playbook.tasks.refresh_attention"
    assert queued.args_kwargs["kwargs"] == {"workspace_id": world.workspace.pk}
    assert stored(world.account, "assessment_fresh").numbers == {"limit": 90}

    refresh_attention.call(workspace_id=world.workspace.pk)
    assert stored(world.account, "assessment_fresh").numbers == {"limit": 30}


def test_many_accounts_changed_in_bulk_are_left_to_the_worker(world, committed, monkeypatch):
    monkeypatch.setattr(receivers, "INLINE_LIMIT", 1)
    other = Account.objects.create(workspace=world.workspace, name="Contoso")
    with committed():
        accounts_changed.send(sender=None, account_ids=[world.account.pk, other.pk])
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"] == {"workspace_id": world.workspace.pk}
