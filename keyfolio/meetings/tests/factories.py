"""A dossier to prepare a meeting from, built in the test."""

from datetime import date, timedelta

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.intel.models import Competitor, CompetitorPresence
from keyfolio.meetings.models import CallPlan
from keyfolio.meetings.services import meeting_plan
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.plans.models import AccountPlan, Action, PlanAnswer, PlanQuestion, PlanStatus, Risk
from keyfolio.stakeholders.models import Attitude, Contact, ContactRelationship

WEAK = {"prices": 20, "relationship": 30, "client_knowledge": 40}


def build_dossier(account: Account, *, by, today: date) -> dict:
    """Northwind as a manager prepares to meet it: an assessment whose weakest criteria
    are WEAK, a plan with one answered question and an open risk, a competitor, a
    supporter and a detractor, an overdue action and one not yet due."""
    workspace = account.workspace
    scores = {c.key: ScoreInput(WEAK.get(c.key, 80)) for c in DEFAULT_CRITERIA}
    assessment_create(account=account, assessor=by, scores=scores, assessed_on=today)
    account.refresh_from_db()
    plan = AccountPlan.objects.create(
        workspace=workspace, account=account, title="2027", status=PlanStatus.ACTIVE
    )
    answered = PlanQuestion.objects.filter(workspace=workspace, active=True)[0]
    PlanAnswer.objects.create(plan=plan, question=answered, text="<p>Service and speed.</p>")
    Risk.objects.create(
        plan=plan, description="Tender in spring", likelihood=3, impact=4, mitigation="Early offer"
    )
    rival = Competitor.objects.create(workspace=workspace, name="Rivalco")
    CompetitorPresence.objects.create(account=account, competitor=rival, weaknesses="Slow")
    supporter = Contact.objects.create(
        workspace=workspace,
        account=account,
        name="Anna Berg",
        influence=5,
        attitude=Attitude.SUPPORTER,
        decision_role="decision_maker",
    )
    skeptic = Contact.objects.create(
        workspace=workspace,
        account=account,
        name="Boris Kern",
        influence=4,
        attitude=Attitude.SKEPTIC,
    )
    ContactRelationship.objects.create(contact=supporter, user=by, strength=4)
    overdue = Action.objects.create(
        workspace=workspace,
        account=account,
        title="Send the price list",
        owner=by,
        due_on=today - timedelta(days=5),
    )
    later = Action.objects.create(
        workspace=workspace,
        account=account,
        title="Plan the visit",
        due_on=today + timedelta(days=9),
    )
    return {
        "plan": plan,
        "answered": answered,
        "supporter": supporter,
        "skeptic": skeptic,
        "overdue": overdue,
        "later": later,
    }


def plan_meeting(account: Account, *, by, on: date, today: date, theirs=(), **texts) -> CallPlan:
    return meeting_plan(
        account=account, by=by, on=on, our_people=[by], their_people=theirs, today=today, **texts
    )
