"""Test data for the playbook: plans, intelligence and a portfolio with some history."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.tests.factories import log, make_contact
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.plans.models import AccountPlan, Action, PlanStatus


def make_plan(account: Account, **fields) -> AccountPlan:
    fields.setdefault("title", "2026")
    fields.setdefault("status", PlanStatus.ACTIVE)
    return AccountPlan.objects.create(workspace_id=account.workspace_id, account=account, **fields)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def make_note(account: Account, *, on: date, title: str = "Market") -> IntelNote:
    note = IntelNote.objects.create(
        workspace_id=account.workspace_id, account=account, kind=NoteKind.SEGMENT, title=title
    )
    IntelNote.objects.filter(pk=note.pk).update(updated_at=at(on))
    return note


def make_presence(account: Account, *, on: date, name: str = "Rival") -> CompetitorPresence:
    competitor, _ = Competitor.objects.get_or_create(workspace_id=account.workspace_id, name=name)
    presence = CompetitorPresence.objects.create(account=account, competitor=competitor)
    CompetitorPresence.objects.filter(pk=presence.pk).update(updated_at=at(on))
    return presence


def make_action(account: Account, *, title: str, owner=None, due=None, done=None, rule=None):
    return Action.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        title=title,
        owner=owner,
        due_on=due,
        done_on=done,
        rule=rule,
    )


def answered_survey(account: Account, contact, *, on: date, nps: int | None):
    """A survey answered by `contact` on `on`, as keyfolio.surveys.services.survey_answer
    leaves it (the invitation carries the score and the contact's role in decisions)."""
    from keyfolio.surveys.models import Invitation, SurveyTemplate

    moment = at(on)
    return Invitation.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        contact=contact,
        contact_name=contact.name,
        email=contact.email or "someone@client.test",
        decision_role=contact.decision_role,
        template=SurveyTemplate.objects.current_for(account.workspace),
        created_at=moment,
        sent_at=moment,
        expires_at=moment + timedelta(days=30),
        answered_at=moment,
        nps=nps,
    )


def busy_portfolio(world, count: int, *, today: date, prefix: str = "Busy") -> list[Account]:
    """`count` accounts of the manager, each with history in every source the playbook
    reads: assessments, activities with people and rules, a plan, contacts, intelligence,
    revenue, actions and answered surveys (a decision maker's detractor answer on every
    other account)."""
    from keyfolio.revenue.models import RevenueEntry
    from keyfolio.revenue.selectors import month_start

    accounts = []
    for n in range(count):
        account = Account.objects.create(
            workspace=world.workspace, name=f"{prefix} {n:03d}", owner=world.manager
        )
        account.team.add(world.teammate)
        assess(account, client=40 + n % 30, our=30 + n % 40, on=today - timedelta(days=200))
        assess(account, client=60, our=20 + n % 50, on=today - timedelta(days=10 + n % 100))
        contact = make_contact(account, f"Contact {n}", decision_role="decision_maker")
        make_contact(account, f"Other {n}")
        log(account, by=world.manager, on=today - timedelta(days=n % 150), theirs=[contact])
        log(account, by=world.manager, on=today - timedelta(days=30), kind="business_review")
        make_plan(account, reviewed_on=today - timedelta(days=n * 7 % 400))
        make_note(account, on=today - timedelta(days=n * 5 % 300))
        RevenueEntry.objects.create(
            workspace=world.workspace, account=account, month=month_start(today, 1), amount=n
        )
        make_action(account, title="Call", owner=world.manager, due=today - timedelta(days=n % 5))
        make_action(account, title="Write", owner=world.manager, due=today + timedelta(days=3))
        answered_survey(account, contact, on=today - timedelta(days=250), nps=10)
        answered_survey(account, contact, on=today - timedelta(days=n % 60), nps=4 + n % 2 * 5)
        accounts.append(account)
    return accounts


def folded_items(client, world, account, **params) -> str:
    """The items an account's row on the attention list folds, as the page fetches them
    when the row is opened."""
    url = reverse("playbook:account_items", args=[world.slug, account.pk])
    return client.get(url, params, headers={"HX-Request": "true"}).content.decode()
