from datetime import date, timedelta

import pytest
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.assessments.facts import facts_for_accounts
from keyfolio.conftest import add_member, mark_executive
from keyfolio.method.plan import Rule
from keyfolio.method.playbook import AccountFacts
from keyfolio.method.zones import Zone
from keyfolio.plans.models import PlanStatus
from keyfolio.playbook.tests.factories import busy_portfolio, make_note, make_plan, make_presence
from keyfolio.workspaces.models import Role

TODAY = date(2026, 5, 20)


def facts_of(account: Account) -> AccountFacts:
    return facts_for_accounts([account], today=TODAY)[account.pk]


def test_it_knows_nothing_of_an_account_without_history_but_its_opening(world):
    opened_on = timezone.localdate(world.account.created_at)
    assert facts_of(world.account) == AccountFacts(today=TODAY, opened_on=opened_on)


def test_it_dates_the_last_executive_contact_by_kind_or_by_our_executive(world):
    boss = world.director
    mark_executive(world.workspace, boss)
    log(world.account, by=world.manager, on=TODAY - timedelta(days=40), kind="executive_meeting")
    # A plain call that serves no rule, but our executive was on it: later, so it counts.
    log(
        world.account,
        by=world.manager,
        ours=[world.manager, boss],
        on=TODAY - timedelta(days=9),
        kind="call",
        rules=[],
    )
    # A meeting of managers only, later still: not executive contact.
    log(world.account, by=world.manager, on=TODAY - timedelta(days=2), kind="meeting", rules=[1])
    assert facts_of(world.account).last_executive_contact == TODAY - timedelta(days=9)


def test_it_leaves_planned_activities_out(world):
    log(world.account, by=world.manager, on=TODAY + timedelta(days=3), kind="executive_meeting")
    log(world.account, by=world.manager, on=TODAY + timedelta(days=3), kind="proposal")
    facts = facts_of(world.account)
    assert facts.last_executive_contact is None
    assert facts.last_new_offer is None


def test_it_dates_the_last_new_offer_by_kind_or_by_rule_3(world):
    log(world.account, by=world.manager, on=TODAY - timedelta(days=50), kind="proposal", rules=[])
    assert facts_of(world.account).last_new_offer == TODAY - timedelta(days=50)
    log(world.account, by=world.manager, on=TODAY - timedelta(days=5), kind="seminar")  # 1 and 3
    assert facts_of(world.account).last_new_offer == TODAY - timedelta(days=5)


def test_it_does_not_count_an_action_as_a_new_offer(world):
    from keyfolio.playbook.tests.factories import make_action

    make_action(world.account, title="Prepare a proposal", rule=Rule.NEEDS_AND_SOLUTIONS)
    assert facts_of(world.account).last_new_offer is None


def test_it_dates_the_last_satisfaction_signal_by_rule_5(world):
    log(world.account, by=world.manager, on=TODAY - timedelta(days=70), kind="business_review")
    log(world.account, by=world.manager, on=TODAY - timedelta(days=3), kind="meeting", rules=[2])
    facts = facts_of(world.account)
    assert facts.last_satisfaction_signal == TODAY - timedelta(days=70)
    assert facts.last_survey_answered is None and facts.survey_answers == ()


def test_it_reads_the_current_plan(world):
    make_plan(
        world.account,
        title="2025",
        reviewed_on=date(2025, 1, 1),
        agreed_with_client=True,
        resource_owner=world.teammate,
        capacity_note="Two engineers",
        starts_on=date(2025, 1, 1),
    )
    make_plan(
        world.account,
        title="2026",
        reviewed_on=date(2026, 2, 1),
        starts_on=date(2026, 1, 1),
        capacity_note="  ",
    )
    facts = facts_of(world.account)
    assert facts.plan_reviewed_on == date(2026, 2, 1)
    assert facts.plan_agreed_with_client is False
    assert facts.has_resource_owner is False
    assert facts.has_capacity_note is False  # Blank is no note.


def test_it_prefers_an_active_plan_to_a_newer_draft_and_ignores_archived_ones(world):
    make_plan(
        world.account,
        title="Old",
        starts_on=date(2024, 1, 1),
        reviewed_on=date(2024, 3, 1),
        resource_owner=world.manager,
        capacity_note="Enough",
    )
    make_plan(world.account, title="Draft", starts_on=date(2027, 1, 1), status=PlanStatus.DRAFT)
    make_plan(
        world.account,
        title="Gone",
        starts_on=date(2028, 1, 1),
        status=PlanStatus.ARCHIVED,
        reviewed_on=date(2026, 5, 1),
    )
    facts = facts_of(world.account)
    assert facts.plan_reviewed_on == date(2024, 3, 1)
    assert facts.has_resource_owner and facts.has_capacity_note


def test_it_dates_intelligence_by_the_latest_note_or_competitor(world):
    make_note(world.account, on=date(2026, 1, 10))
    make_presence(world.account, on=date(2026, 3, 2))
    make_note(world.account, on=date(2025, 12, 1), title="Goals")
    assert facts_of(world.account).intel_updated == date(2026, 3, 2)


def test_it_counts_active_contacts_only(world):
    make_contact(world.account, "Anna")
    make_contact(world.account, "Boris")
    make_contact(world.account, "Left", active=False)
    assert facts_of(world.account).active_contacts == 2


def test_it_reads_the_assessment_date_and_both_zones(world):
    assess(world.account, client=70, our=70, on=date(2025, 11, 1))  # key
    assess(world.account, client=70, our=30, on=date(2026, 4, 1))  # target
    facts = facts_of(world.account)
    assert facts.assessed_on == date(2026, 4, 1)
    assert facts.zone == Zone.TARGET
    assert facts.previous_zone == Zone.KEY


def test_it_keeps_each_account_to_its_own_facts(world):
    other = Account.objects.create(workspace=world.workspace, name="Other", owner=world.manager)
    log(other, by=world.manager, on=TODAY - timedelta(days=1), kind="executive_meeting")
    make_contact(other, "Zoe")
    facts = facts_for_accounts([world.account, other], today=TODAY)
    assert facts[world.account.pk].last_executive_contact is None
    assert facts[world.account.pk].active_contacts == 0
    assert facts[other.pk].last_executive_contact == TODAY - timedelta(days=1)
    assert facts[other.pk].active_contacts == 1


def test_it_reads_our_executives_in_the_accounts_own_workspace(world):
    """Dina belongs to Acme and Globex but is an executive in Acme only: her call with
    Globex's client is no executive contact there until Globex marks her too."""
    add_member(world.other_workspace, world.director, Role.MANAGER)
    mark_executive(world.workspace, world.director)
    call = {"kind": "call", "rules": [], "on": TODAY - timedelta(days=3)}
    log(world.foreign_account, by=world.stranger, ours=[world.director], **call)
    log(world.account, by=world.manager, ours=[world.director], **call)
    facts = facts_for_accounts([world.account, world.foreign_account], today=TODAY)
    assert facts[world.account.pk].last_executive_contact == TODAY - timedelta(days=3)
    assert facts[world.foreign_account.pk].last_executive_contact is None

    mark_executive(world.other_workspace, world.director)
    mark_executive(world.workspace, world.director, False)
    facts = facts_for_accounts([world.account, world.foreign_account], today=TODAY)
    assert facts[world.account.pk].last_executive_contact is None
    assert facts[world.foreign_account.pk].last_executive_contact == TODAY - timedelta(days=3)


@pytest.mark.parametrize("size", [5, 40])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    # Max, who logs everything, is one of our executives: rule 1 reads memberships too.
    mark_executive(world.workspace, world.manager)
    accounts = busy_portfolio(world, size, today=TODAY)
    # The assessments, the activities, the current plans, intelligence, contacts.
    with django_assert_num_queries(6):
        facts = facts_for_accounts(accounts, today=TODAY)
    assert len(facts) == size
    # Every account's latest activity is within 30 days, and Max was on it.
    assert all(f.last_executive_contact >= TODAY - timedelta(days=30) for f in facts.values())
    assert all(f.active_contacts == 2 for f in facts.values())
