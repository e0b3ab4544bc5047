import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from keyfolio.accounts.models import Account, StageChange
from keyfolio.activities.models import Activity
from keyfolio.assessments.models import Assessment, Score
from keyfolio.demo.services import DEMO_EMAIL, DEMO_PASSWORD, demo_portfolio_create
from keyfolio.intel.models import Competitor, IntelNote
from keyfolio.meetings.models import CallPlan
from keyfolio.method import Zone
from keyfolio.method.coverage import KNOWS_WELL
from keyfolio.method.freshness import INTEL_STALE_AFTER
from keyfolio.method.stages import Stage
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, PlanStatus
from keyfolio.plans.selectors import current_plan
from keyfolio.revenue.models import Offering, Opportunity, RevenueEntry, WhitespaceCell
from keyfolio.revenue.selectors import month_start
from keyfolio.stakeholders.models import Contact
from keyfolio.stakeholders.selectors import contacts_with_best_relationship, coverage_for
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
    # 4–8 over time, and on some accounts a teammate's second opinion.
    assert all(4 <= account.n <= 9 for account in accounts)
    today = timezone.localdate()
    dates = Assessment.objects.filter(workspace=workspace).values_list("assessed_on", flat=True)
    assert min(dates) >= today - timedelta(days=731)
    assert max(dates) <= today
    assert "Loaded 12 accounts" in output


def test_it_gives_the_calibration_page_second_opinions_to_compare(db):
    from keyfolio.assessments.calibration import calibration_for

    demo()
    director = Membership.objects.get(workspace__slug="demo", role=Role.DIRECTOR)
    calibration = calibration_for(director)
    assert len(calibration.consensuses) >= 3
    assert any(criterion.wide for criterion in calibration.criteria)
    assert len(calibration.assessors) >= 2


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


# The dossiers ------------------------------------------------------------------------

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


@pytest.fixture
def portfolio(db):
    """Eight demo accounts: two in each zone."""
    owner = User.objects.create_user("owner@example.test")
    workspace = workspace_create(name="Demo", owner=owner)
    demo_portfolio_create(workspace=workspace, accounts=8, seed=11)
    return workspace


def counts(workspace, **related) -> dict[str, dict[str, int]]:
    """For every account, how many related rows of each kind it has (one query)."""
    annotations = {f"n_{name}": Count(path, distinct=True) for name, path in related.items()}
    rows = Account.objects.filter(workspace=workspace).annotate(**annotations)
    return {a.name: {name: getattr(a, f"n_{name}") for name in related} for a in rows}


def test_it_fills_every_part_of_every_dossier(portfolio):
    per_account = counts(
        portfolio,
        stages="stage_changes",
        plans="plans",
        contacts="contacts",
        notes="intel_notes",
        rivals="competitors",
        months="revenue",
        targets="revenue_targets",
        centres="buying_centres",
        cells="buying_centres__cells",
        actions="actions",
        activities="activities",
    )
    assert len(per_account) == 8
    for name, n in per_account.items():
        assert 1 <= n["stages"] <= 3, name
        assert 1 <= n["plans"] <= 2, name
        assert n["contacts"] == 1 or 3 <= n["contacts"] <= 12, name
        assert 1 <= n["notes"] <= 4, name
        assert 1 <= n["rivals"] <= 3, name
        assert 2 <= n["months"] <= 24, name
        assert n["targets"] == 2, name
        assert 2 <= n["centres"] <= 4, name
        assert n["cells"] >= n["centres"], name
        # The plan's 3–7 actions, plus up to two next steps of recent activities, plus a
        # meeting's two reminders and a held one's next step.
        assert 3 <= n["actions"] <= 12, name
        assert 1 <= n["activities"] <= 13, name
    for account in Account.objects.filter(workspace=portfolio):
        assert account.stage == account.stage_changes.first().stage  # The newest change.
        plan = current_plan(account)
        assert plan.status == PlanStatus.ACTIVE
        assert plan.title == str(timezone.localdate().year)
        assert 6 <= plan.answers.count() <= 11
        assert 2 <= plan.objectives.count() <= 4
        assert 1 <= plan.risks.count() <= 4
        assert None not in (plan.current_volume, plan.planned_revenue, plan.loyalty)
        assert account.contacts.filter(relationships__isnull=False).exists()
    assert 6 <= Competitor.objects.filter(workspace=portfolio).count() <= 8
    assert 4 <= Offering.objects.filter(workspace=portfolio).count() <= 6
    assert AccountPlan.objects.filter(account__workspace=portfolio, status="archived").exists()
    assert WhitespaceCell.objects.filter(status="current").exists()
    assert WhitespaceCell.objects.filter(status="potential").exists()


def test_it_makes_actions_done_and_overdue_for_every_rule(portfolio):
    today = timezone.localdate()
    actions = list(Action.objects.filter(account__workspace=portfolio))
    assert any(a.done_on for a in actions)
    assert any(a.done_on is None and a.due_on and a.due_on < today for a in actions)
    assert {a.rule for a in actions if a.plan_id} == {1, 2, 3, 4, 5, 6}


def test_it_logs_activities_with_people_and_rules(portfolio):
    activities = Activity.objects.filter(workspace=portfolio)
    executive = activities.filter(kind="executive_meeting").first()
    assert executive is not None
    assert executive.our_people.filter(
        memberships__workspace=executive.workspace, memberships__is_executive=True
    ).exists()
    assert executive.their_people.exists()
    assert list(executive.rules.values_list("rule", flat=True)) == [1]
    for activity in activities.prefetch_related("their_people"):
        assert all(c.account_id == activity.account_id for c in activity.their_people.all())
    with_next_step = activities.exclude(next_step="").first()
    assert with_next_step.next_action.title == with_next_step.next_step


def test_it_dates_intelligence_some_fresh_some_stale(portfolio):
    now = timezone.now()
    ages = [now - note.updated_at for note in IntelNote.objects.filter(workspace=portfolio)]
    assert any(age > INTEL_STALE_AFTER for age in ages)
    assert any(age < INTEL_STALE_AFTER for age in ages)


def test_it_makes_the_plan_agree_with_the_revenue(portfolio):
    today = timezone.localdate()
    for account in Account.objects.filter(workspace=portfolio):
        last_year = RevenueEntry.objects.filter(
            account=account, month__gte=month_start(today, 11)
        ).values_list("amount", flat=True)
        assert abs(current_plan(account).current_volume - sum(last_year)) <= Decimal(100)


def test_it_gives_key_accounts_executive_ties_and_some_accounts_a_single_thread(portfolio):
    accounts = Account.objects.filter(workspace=portfolio).select_related("current_assessment")
    zone = {account.pk: account.current_assessment.zone for account in accounts}
    coverage = {account.pk: coverage_for(account) for account in accounts}

    lone = [pk for pk, c in coverage.items() if c.single_threaded]
    assert len(lone) == 2  # Two reconsider accounts in eight: both single-threaded.
    assert {zone[pk] for pk in lone} == {Zone.RECONSIDER.value}
    assert any(c.uncovered_deciders for c in coverage.values())
    for account in accounts:
        if zone[account.pk] == Zone.KEY.value:
            chief = contacts_with_best_relationship(account).get(reports_to=None)
            assert chief.decision_role == "decision_maker"
            assert chief.best_relationship >= KNOWS_WELL


def test_it_builds_an_org_chart_under_a_chief(portfolio):
    for account in Account.objects.filter(workspace=portfolio):
        contacts = list(account.contacts.all())
        if len(contacts) == 1:
            continue
        top = [c for c in contacts if c.reports_to_id is None]
        assert len(top) == 1
        assert top[0].title == (
            "Генеральный директор" if CYRILLIC.search(account.name) else "Chief Executive Officer"
        )
        domains = {c.email.split("@")[1] for c in contacts}
        assert len(domains) == 1
        assert re.fullmatch(r"[a-z0-9-]+\.[a-z.]+", domains.pop())


def test_it_stages_accounts_by_their_zone(portfolio):
    for account in Account.objects.filter(workspace=portfolio).select_related("current_assessment"):
        if account.current_assessment.zone == Zone.KEY.value:
            assert account.stage in {Stage.COOPERATIVE, Stage.INTERDEPENDENT, Stage.INTEGRATED}
        if account.current_assessment.zone == Zone.RECONSIDER.value:
            assert account.stage in {Stage.EXPLORATORY, Stage.BASIC, Stage.DISINTEGRATING}


def test_it_writes_russian_for_russian_companies_and_english_for_the_others(portfolio):
    for account in Account.objects.filter(workspace=portfolio):
        # Texts about the client only: our own people's names may be in either script.
        texts = [
            *account.contacts.values_list("title", flat=True),
            *account.intel_notes.values_list("body", flat=True),
            *account.stage_changes.values_list("note", flat=True),
            *account.buying_centres.values_list("name", flat=True),
            *PlanAnswer.objects.filter(
                plan__account=account, question__key__in=["complex_solution", "importance"]
            ).values_list("text", flat=True),
            *account.plans.values_list("objectives__title", flat=True),
        ]
        texts = [t for t in texts if t]
        if CYRILLIC.search(account.name):
            assert all(CYRILLIC.search(t) for t in texts), account.name
        else:
            assert not any(CYRILLIC.search(t) for t in texts), account.name


def test_it_gives_the_same_dossiers_for_the_same_seed(db):
    owner = User.objects.create_user("owner@example.test")
    first, second = (workspace_create(name=n, owner=owner) for n in ("One", "Two"))

    def snapshot(workspace):
        accounts = Account.objects.filter(workspace=workspace)
        return [
            list(accounts.values_list("name", "stage")),
            list(
                StageChange.objects.filter(account__workspace=workspace)
                .order_by("account__name", "changed_on")
                .values_list("account__name", "stage", "changed_on")
            ),
            list(
                Contact.objects.filter(workspace=workspace)
                .order_by("account__name", "name")
                .values_list("name", "title", "attitude", "reports_to__name", "email")
            ),
            list(
                RevenueEntry.objects.filter(workspace=workspace)
                .order_by("account__name", "month")
                .values_list("month", "amount")
            ),
            list(
                PlanAnswer.objects.filter(plan__workspace=workspace)
                .order_by("plan__account__name", "plan__title", "question__position")
                .values_list("text", flat=True)
            ),
        ]

    demo_portfolio_create(workspace=first, accounts=6, seed=7)
    demo_portfolio_create(workspace=second, accounts=6, seed=7)
    assert snapshot(first) == snapshot(second)
    third = workspace_create(name="Three", owner=owner)
    demo_portfolio_create(workspace=third, accounts=6, seed=8)
    assert snapshot(third) != snapshot(first)


def test_it_gives_every_account_a_pipeline_and_makes_one_group(portfolio):
    per_account = counts(portfolio, deals="opportunities")
    assert all(1 <= n["deals"] <= 4 for n in per_account.values()), per_account
    open_deals = Opportunity.objects.filter(workspace=portfolio, status="open")
    assert open_deals.exists()
    assert not open_deals.filter(probability__in=[0, 100]).exists()
    parents = Account.objects.filter(workspace=portfolio, children__isnull=False).distinct()
    assert len(parents) == 1
    assert parents[0].children.count() == 2


def test_it_plans_meetings_and_records_the_outcome_of_some(portfolio):
    today = timezone.localdate()
    plans = list(CallPlan.objects.filter(workspace=portfolio).select_related("activity", "account"))
    coming = [p for p in plans if p.activity.occurred_on > today]
    held = [p for p in plans if p.activity.occurred_on < today]
    # Eight accounts: two key and two target, courted; two in five of those meetings held.
    assert (len(coming), len(held)) == (3, 1)
    assert all(p.ready and not p.has_outcome for p in coming)
    assert all(p.has_outcome and p.client_said for p in held)
    for plan in plans:
        assert plan.account.current_assessment.zone in {"key", "target"}
        assert plan.activity.their_people.exists()
        russian = bool(CYRILLIC.search(plan.account.name))
        # The suggested questions and objections too, where the dossier suggests any.
        texts = (plan.purpose, plan.client_win, plan.questions, plan.objections)
        for text in filter(None, texts):
            assert bool(CYRILLIC.search(text)) == russian, (plan.account.name, text)
