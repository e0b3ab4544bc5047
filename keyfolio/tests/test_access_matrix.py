"""Who may open which page: every named URL × every person of the test world × GET/POST.

The URL configuration is walked, not listed, so a new URL without a declared rule in
RULES fails `test_every_url_has_a_rule` with its name. A rule names an audience (who
gets in; the others are sent to log in, get a 404 because they may not know the page
exists, or a 403 because their role is too low) and the methods the view answers.

Requests are made with an empty body: access is decided before a form is read, so a
refusal is the same whatever is posted, and an allowed person gets the page, a
redirect or the form's errors (ALLOWED). A refused request must write nothing.

One world is built for the whole module (it takes a while: three accounts with one
object of each kind) and every test runs in a savepoint that is rolled back, so a POST
that deletes or archives does not disturb the next test.
"""

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from keyfolio.accounts.models import Account
from keyfolio.activities.services import activity_create
from keyfolio.api.models import ApiToken
from keyfolio.api.services import api_token_create
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.briefs import views as brief_views
from keyfolio.conftest import World, build_world, make_user
from keyfolio.core.tokens import new_token, token_hash
from keyfolio.feeds.services import feed_token_create
from keyfolio.imports.services import run_upload
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.logins.models import UserSession
from keyfolio.meetings.services import meeting_plan
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.plans.models import (
    AccountPlan,
    Action,
    Objective,
    PlanQuestion,
    PlanStatus,
    Risk,
)
from keyfolio.playbook.models import Recommendation
from keyfolio.portfolio import views as portfolio_views
from keyfolio.revenue.models import BuyingCentre, Offering, Opportunity, RevenueEntry
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.surveys.models import Invitation, SurveyTemplate
from keyfolio.webhooks.services import webhook_create, webhook_send_test
from keyfolio.workspaces.models import Membership, Role

# --- The URLs --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "accounts:edit"
    params: tuple[str, ...]  # ("slug", "pk")


def routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[Route]:
    """Every named URL pattern, with its namespace and the parameters of its whole path."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            outer = _params(pattern)
            for route in routes(pattern, inner):
                yield Route(route.name, outer + route.params)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Route(namespace + pattern.name, _params(pattern))


def _params(pattern: URLPattern | URLResolver) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)


# --- The people and what each may get ---------------------------------------------------

PEOPLE = [
    "anonymous",
    "owner",  # of the workspace
    "admin",
    "director",
    "manager",  # owns the account
    "teammate",  # a manager on the account's team
    "outsider",  # a manager with no tie to the account
    "viewer",  # on the account's team, read-only
    "stranger",  # the owner of another workspace
]


class Outcome(enum.Enum):
    ALLOWED = "allowed"  # the page, a redirect elsewhere than the login, or form errors
    LOGIN = "sent to log in"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    NOT_ALLOWED = "405"
    UNAUTHORIZED = "401"  # the REST API: a session is no token


OK, LOGIN, E403, E404 = Outcome.ALLOWED, Outcome.LOGIN, Outcome.FORBIDDEN, Outcome.NOT_FOUND
E401 = Outcome.UNAUTHORIZED
# For an allowed person, validation decides among these (a 400 is a refused upload).
ALLOWED_STATUSES = {200, 302, 400}
STATUS = {E401: 401, E403: 403, E404: 404, Outcome.NOT_ALLOWED: 405}


class Access(enum.Enum):
    """Who gets in: one outcome per person, in the order of PEOPLE. Someone who is not a
    member, or may not see the account, gets a 404 so that nothing leaks; a member
    whose role is too low gets a 403."""

    # fmt: off
    #              anonymous owner admin director manager teammate outsider viewer stranger
    PUBLIC =        (OK,     OK,   OK,   OK,      OK,     OK,      OK,      OK,    OK)
    SIGNED_IN =     (LOGIN,  OK,   OK,   OK,      OK,     OK,      OK,      OK,    OK)
    MEMBER =        (LOGIN,  OK,   OK,   OK,      OK,     OK,      OK,      OK,    E404)
    EDITOR =        (LOGIN,  OK,   OK,   OK,      OK,     OK,      OK,      E403,  E404)
    DIRECTOR =      (LOGIN,  OK,   OK,   OK,      E403,   E403,    E403,    E403,  E404)
    ADMIN =         (LOGIN,  OK,   OK,   E403,    E403,   E403,    E403,    E403,  E404)
    OWNER =         (LOGIN,  OK,   E403, E403,    E403,   E403,    E403,    E403,  E404)
    ACCOUNT_READ =  (LOGIN,  OK,   OK,   OK,      OK,     OK,      E404,    OK,    E404)
    ACCOUNT_WRITE = (LOGIN,  OK,   OK,   OK,      OK,     OK,      E404,    E403,  E404)
    # The one person whose object it is (the workspace owner's API token, or one of their
    # sessions): a 404 to others.
    HOLDER =        (LOGIN,  OK,   E404, E404,    E404,   E404,    E404,    E404,  E404)
    # The REST API answers bearer tokens only (keyfolio/api/tests: who may do what there).
    TOKEN =         (E401,   E401, E401, E401,    E401,   E401,    E401,    E401,  E401)
    # A URL that only marks a place (ninja's root of the API): a 404 to everybody.
    NOWHERE =       (E404,   E404, E404, E404,    E404,   E404,    E404,    E404,  E404)
    # fmt: on

    def outcome(self, person: str) -> Outcome:
        return self.value[PEOPLE.index(person)]


class Methods(enum.Enum):
    ANY = "answers GET and POST"
    POST = "POST only: a GET is refused (405) before anything else"
    POST_AFTER_ACCESS = "POST only: a GET is refused (405) to those who get in"
    GET = "GET only: a POST is refused (405) before anything else"


@dataclass(frozen=True)
class Rule:
    access: Access
    methods: Methods = Methods.ANY
    pk: str = "account"  # what the URL's `pk` names: a key of dossier()'s parameters
    # The POST body, from the URL's parameters, for a view that needs more than nothing.
    body: Callable[[dict], dict] | None = None

    def expect(self, person: str, method: str) -> Outcome:
        if method == "GET" and self.methods is Methods.POST:
            return Outcome.NOT_ALLOWED
        if method == "POST" and self.methods is Methods.GET:
            return Outcome.NOT_ALLOWED
        outcome = self.access.outcome(person)
        if outcome is OK and method == "GET" and self.methods is Methods.POST_AFTER_ACCESS:
            return Outcome.NOT_ALLOWED
        return outcome

    def answers(self, method: str) -> bool:
        if self.methods is Methods.GET:
            return method == "GET"
        return method == "POST" or self.methods is Methods.ANY


(
    PUBLIC,
    SIGNED_IN,
    MEMBER,
    EDITOR,
    DIRECTOR,
    ADMIN,
    OWNER,
    ACCOUNT_READ,
    ACCOUNT_WRITE,
    HOLDER,
    TOKEN,
    NOWHERE,
) = Access
POST_ONLY, POST_AFTER_ACCESS, GET_ONLY = Methods.POST, Methods.POST_AFTER_ACCESS, Methods.GET


def _suggestion(values: dict) -> dict:
    return {"recommendation": values["rec_id"]}


RULES: dict[str, Rule] = {
    "healthz": Rule(PUBLIC),
    # Users (the login page sends a signed-in person on)
    "users:login": Rule(PUBLIC),
    "users:logout": Rule(PUBLIC, POST_ONLY),
    "users:language": Rule(PUBLIC, POST_ONLY),
    "users:profile": Rule(SIGNED_IN),
    "users:password_change": Rule(SIGNED_IN, POST_AFTER_ACCESS),
    "users:password_reset_confirm": Rule(PUBLIC),
    # The log-in's second step answers whoever is between the password and the code; the
    # others are sent back to the login page (keyfolio/logins/tests/test_login_code.py).
    "logins:code": Rule(PUBLIC),
    "logins:code_cancel": Rule(PUBLIC, POST_ONLY),
    # Each person's own two-factor and sessions.
    "logins:two_factor": Rule(SIGNED_IN),
    "logins:two_factor_enable": Rule(SIGNED_IN, POST_AFTER_ACCESS),
    "logins:two_factor_disable": Rule(SIGNED_IN, POST_AFTER_ACCESS),
    "logins:recovery_codes": Rule(SIGNED_IN, POST_AFTER_ACCESS),
    "logins:sessions": Rule(SIGNED_IN),
    "logins:session_end": Rule(HOLDER, POST_AFTER_ACCESS, pk="user_session"),
    "logins:sessions_end_others": Rule(SIGNED_IN, POST_AFTER_ACCESS),
    # Single sign-on (on in this module: SSO_ON): the way out to the provider and back are
    # open to anyone, as the login page is; off, both are a 404 (keyfolio/sso/tests).
    "sso:login": Rule(PUBLIC, GET_ONLY),
    "sso:callback": Rule(PUBLIC, GET_ONLY),
    # Workspaces
    "workspaces:home": Rule(SIGNED_IN),
    "workspaces:members": Rule(ADMIN),
    "workspaces:member_role": Rule(ADMIN, POST_AFTER_ACCESS, pk="membership"),
    "workspaces:member_remove": Rule(ADMIN, POST_AFTER_ACCESS, pk="membership"),
    "workspaces:member_executive": Rule(ADMIN, POST_AFTER_ACCESS, pk="membership"),
    "workspaces:two_factor_policy": Rule(OWNER, POST_AFTER_ACCESS),
    # Accounts
    "accounts:list": Rule(MEMBER),
    "accounts:create": Rule(EDITOR),
    "accounts:edit": Rule(ACCOUNT_WRITE),
    "accounts:archive": Rule(ACCOUNT_WRITE, POST_ONLY),
    "accounts:restore": Rule(ACCOUNT_WRITE, POST_ONLY),
    "accounts:stage_change": Rule(ACCOUNT_WRITE),
    "accounts:history": Rule(ACCOUNT_READ, GET_ONLY),
    "accounts:audit_trail": Rule(ADMIN, GET_ONLY),
    "accounts:audit_trail_csv": Rule(ADMIN, GET_ONLY),
    # The dossier's overview
    "dossier:overview": Rule(ACCOUNT_READ),
    # Assessments
    "assessments:create": Rule(ACCOUNT_WRITE),
    "assessments:preview": Rule(ACCOUNT_WRITE, POST_ONLY),
    "assessments:detail": Rule(ACCOUNT_READ, pk="assessment"),
    "assessments:edit": Rule(ACCOUNT_WRITE, pk="assessment"),
    "assessments:edit_preview": Rule(ACCOUNT_WRITE, POST_ONLY, pk="assessment"),
    "assessments:methodology": Rule(ADMIN),
    # Portfolio
    "portfolio:square": Rule(MEMBER),
    "portfolio:square_data": Rule(MEMBER),
    "portfolio:movement": Rule(MEMBER),
    "portfolio:satisfaction": Rule(MEMBER),
    "portfolio:calibration": Rule(DIRECTOR),
    "portfolio:export": Rule(MEMBER),
    "portfolio:export_scores": Rule(MEMBER),
    "portfolio:exports": Rule(MEMBER),
    "portfolio:export_accounts": Rule(MEMBER),
    "portfolio:export_contacts": Rule(MEMBER),
    "portfolio:export_opportunities": Rule(MEMBER),
    "portfolio:export_revenue": Rule(MEMBER),
    "portfolio:export_plans": Rule(MEMBER),
    "portfolio:export_activities": Rule(MEMBER),
    "portfolio:scoring_sheet": Rule(MEMBER),
    "portfolio:report_pdf": Rule(MEMBER),
    # Plans
    "dossier:plan": Rule(ACCOUNT_READ),
    "plans:new": Rule(ACCOUNT_WRITE),
    "plans:edit": Rule(ACCOUNT_WRITE),
    "plans:review": Rule(ACCOUNT_WRITE, POST_ONLY),
    "plans:figures": Rule(ACCOUNT_READ),
    "plans:figures_edit": Rule(ACCOUNT_WRITE),
    "plans:answer": Rule(ACCOUNT_READ),
    "plans:answer_edit": Rule(ACCOUNT_WRITE),
    "plans:objective_new": Rule(ACCOUNT_WRITE),
    "plans:objective": Rule(ACCOUNT_READ),
    "plans:objective_edit": Rule(ACCOUNT_WRITE),
    "plans:objective_delete": Rule(ACCOUNT_WRITE),  # a GET asks "Delete?"
    "plans:risk_new": Rule(ACCOUNT_WRITE),
    "plans:risk": Rule(ACCOUNT_READ),
    "plans:risk_edit": Rule(ACCOUNT_WRITE),
    "plans:risk_delete": Rule(ACCOUNT_WRITE),
    "plans:action_new": Rule(ACCOUNT_WRITE),
    "plans:action": Rule(ACCOUNT_READ),
    "plans:action_edit": Rule(ACCOUNT_WRITE),
    "plans:action_complete": Rule(ACCOUNT_WRITE, POST_ONLY),
    "plans:action_delete": Rule(ACCOUNT_WRITE),
    "plans:questions": Rule(ADMIN),
    "plans:question": Rule(ADMIN),
    "plans:question_edit": Rule(ADMIN),
    # Stakeholders
    "stakeholders:map": Rule(ACCOUNT_READ),
    "stakeholders:contact_create": Rule(ACCOUNT_WRITE),
    "stakeholders:contact_edit": Rule(ACCOUNT_WRITE),
    "stakeholders:contact_row": Rule(ACCOUNT_READ),
    "stakeholders:contact_deactivate": Rule(ACCOUNT_WRITE, POST_ONLY),
    "stakeholders:contact_reactivate": Rule(ACCOUNT_WRITE, POST_ONLY),
    "stakeholders:contact_delete": Rule(ACCOUNT_WRITE),
    "stakeholders:relationship_add": Rule(ACCOUNT_WRITE, POST_ONLY),
    "stakeholders:relationship_edit": Rule(ACCOUNT_WRITE, POST_ONLY),
    "stakeholders:relationship_remove": Rule(ACCOUNT_WRITE, POST_ONLY),
    # Intelligence
    "intel:index": Rule(ACCOUNT_READ),
    "intel:note_create": Rule(ACCOUNT_WRITE),
    "intel:note_edit": Rule(ACCOUNT_WRITE),
    "intel:note_delete": Rule(ACCOUNT_WRITE, POST_ONLY),
    "intel:presence_create": Rule(ACCOUNT_WRITE),
    "intel:presence_edit": Rule(ACCOUNT_WRITE),
    "intel:presence_delete": Rule(ACCOUNT_WRITE, POST_ONLY),
    "intel:competitors": Rule(ADMIN),
    "intel:competitor_rename": Rule(ADMIN, POST_ONLY),
    "intel:competitor_delete": Rule(ADMIN, POST_ONLY),
    # Revenue
    "revenue:index": Rule(ACCOUNT_READ),
    "revenue:export": Rule(ACCOUNT_READ),
    "revenue:month": Rule(ACCOUNT_WRITE, POST_ONLY),
    "revenue:target": Rule(ACCOUNT_WRITE, POST_ONLY),
    "revenue:import": Rule(ACCOUNT_WRITE),
    "revenue:centre_add": Rule(ACCOUNT_WRITE),
    "revenue:centre_edit": Rule(ACCOUNT_WRITE),
    "revenue:centre_delete": Rule(ACCOUNT_WRITE, POST_ONLY),
    "revenue:cell": Rule(ACCOUNT_WRITE),
    "revenue:opportunity_add": Rule(ACCOUNT_WRITE),
    "revenue:opportunity_edit": Rule(ACCOUNT_WRITE),
    "revenue:opportunity_delete": Rule(ACCOUNT_WRITE, POST_ONLY),
    "revenue:opportunity_won": Rule(ACCOUNT_WRITE, POST_ONLY),
    "revenue:offerings": Rule(ADMIN),
    # Webhooks (settings)
    "webhooks:list": Rule(ADMIN),
    "webhooks:detail": Rule(ADMIN),
    "webhooks:delete": Rule(ADMIN, POST_ONLY),
    "webhooks:test": Rule(ADMIN, POST_ONLY),
    "webhooks:redeliver": Rule(ADMIN, POST_ONLY),
    "revenue:offering_edit": Rule(ADMIN, POST_ONLY),
    "revenue:offering_move": Rule(ADMIN, POST_ONLY),
    # Briefs
    "briefs:brief": Rule(ACCOUNT_READ),
    "briefs:print": Rule(ACCOUNT_READ),
    "briefs:pdf": Rule(ACCOUNT_READ),
    # Activities
    "activities:timeline": Rule(ACCOUNT_READ),
    "activities:create": Rule(ACCOUNT_WRITE),
    "activities:edit": Rule(ACCOUNT_WRITE),
    "activities:delete": Rule(ACCOUNT_WRITE, POST_ONLY),
    "meetings:index": Rule(ACCOUNT_READ, GET_ONLY),
    "meetings:create": Rule(ACCOUNT_WRITE),
    "meetings:detail": Rule(ACCOUNT_READ, GET_ONLY),
    "meetings:edit": Rule(ACCOUNT_WRITE),
    "meetings:outcome": Rule(ACCOUNT_WRITE),
    "meetings:pdf": Rule(ACCOUNT_READ, GET_ONLY),
    "meetings:ics": Rule(ACCOUNT_READ, GET_ONLY),
    # Playbook
    "playbook:attention": Rule(MEMBER),
    "playbook:attention_badge": Rule(MEMBER),
    "playbook:account_items": Rule(ACCOUNT_READ),
    "playbook:create_action": Rule(ACCOUNT_WRITE, POST_ONLY, body=_suggestion),
    "playbook:snooze": Rule(ACCOUNT_WRITE),
    "playbook:unsnooze": Rule(ACCOUNT_WRITE, POST_ONLY),
    "playbook:settings": Rule(ADMIN),
    "playbook:recommendations": Rule(ADMIN),
    "playbook:recommendation": Rule(ADMIN),
    "playbook:recommendation_edit": Rule(ADMIN),
    # Surveys
    "surveys:account": Rule(ACCOUNT_READ),
    "surveys:account_send": Rule(ACCOUNT_WRITE, POST_ONLY),
    "surveys:account_export": Rule(ACCOUNT_READ),
    "surveys:audience": Rule(EDITOR),
    "surveys:settings": Rule(ADMIN),
    "surveys:template_edit": Rule(ADMIN, POST_ONLY),
    "surveys:question_add": Rule(ADMIN),
    "surveys:question_edit": Rule(ADMIN),
    "surveys:question_move": Rule(ADMIN, POST_ONLY),
    "surveys:question_remove": Rule(ADMIN, POST_ONLY),
    "surveys:preview": Rule(ADMIN),
    # The import wizard: an import writes across the workspace (keyfolio/imports/views.py)
    "imports:runs": Rule(ADMIN),
    "imports:upload": Rule(ADMIN),
    "imports:mapping": Rule(ADMIN),
    "imports:run": Rule(ADMIN),
    "imports:start": Rule(ADMIN, POST_ONLY),
    "imports:undo": Rule(ADMIN, POST_ONLY),
    # The client's survey page: anyone holding the link, signed in or not (a wrong link
    # gets the same page whoever asks: keyfolio/surveys/tests/test_public.py).
    "surveys_public:answer": Rule(PUBLIC),
    "surveys_public:opt_out": Rule(PUBLIC),
    # The calendar feed: each member makes and revokes their own link; the feed itself
    # answers whoever holds the link (a wrong one is a 404: keyfolio/feeds/tests).
    "feeds:calendar": Rule(MEMBER),
    "feeds:calendar_create": Rule(MEMBER, POST_AFTER_ACCESS),
    "feeds:calendar_revoke": Rule(MEMBER, POST_AFTER_ACCESS),
    "feeds_public:calendar": Rule(PUBLIC, GET_ONLY),
    # API tokens: each member makes their own and revokes only their own.
    "api_tokens:list": Rule(MEMBER),
    "api_tokens:create": Rule(MEMBER, POST_AFTER_ACCESS),
    "api_tokens:revoke": Rule(HOLDER, POST_AFTER_ACCESS),
    # The REST API wants a bearer token, which no session is; what a token may do is
    # tested in keyfolio/api/tests. Its schema and docs are public.
    "api:account_list": Rule(TOKEN),
    "api:account_detail": Rule(TOKEN, GET_ONLY),
    "api:account_archive": Rule(TOKEN, POST_ONLY),
    "api:account_restore": Rule(TOKEN, POST_ONLY),
    # ninja names each operation of a path: these are the URLs above (POST and PATCH).
    "api:account_create": Rule(TOKEN),
    "api:account_update": Rule(TOKEN, GET_ONLY),
    "api:api-root": Rule(NOWHERE),
    "api:openapi-json": Rule(PUBLIC),
    "api:openapi-view": Rule(PUBLIC),
    # The account's objects: the same as the accounts' rows (ninja names each operation).
    "api:contact_list": Rule(TOKEN),
    "api:contact_create": Rule(TOKEN),
    "api:contact_detail": Rule(TOKEN, GET_ONLY, pk="contact_pk"),
    "api:contact_update": Rule(TOKEN, GET_ONLY, pk="contact_pk"),
    "api:contact_delete": Rule(TOKEN, GET_ONLY, pk="contact_pk"),
    "api:opportunity_list": Rule(TOKEN),
    "api:opportunity_create": Rule(TOKEN),
    "api:opportunity_detail": Rule(TOKEN, GET_ONLY, pk="opportunity_pk"),
    "api:opportunity_update": Rule(TOKEN, GET_ONLY, pk="opportunity_pk"),
    "api:opportunity_delete": Rule(TOKEN, GET_ONLY, pk="opportunity_pk"),
    "api:opportunity_book": Rule(TOKEN, POST_ONLY, pk="opportunity_pk"),
    "api:activity_list": Rule(TOKEN),
    "api:activity_create": Rule(TOKEN),
    "api:activity_detail": Rule(TOKEN, GET_ONLY, pk="activity_pk"),
    "api:meeting_list": Rule(TOKEN),
    "api:meeting_create": Rule(TOKEN),
    "api:meeting_detail": Rule(TOKEN, GET_ONLY, pk="meeting_pk"),
    "api:meeting_update": Rule(TOKEN, GET_ONLY, pk="meeting_pk"),
    "api:meeting_outcome": Rule(TOKEN, POST_ONLY, pk="meeting_pk"),
    "api:action_list": Rule(TOKEN),
    "api:action_create": Rule(TOKEN),
    "api:action_detail": Rule(TOKEN, GET_ONLY, pk="action_id"),
    "api:action_update": Rule(TOKEN, GET_ONLY, pk="action_id"),
    "api:action_complete": Rule(TOKEN, POST_ONLY, pk="action_id"),
    # Assessments, the square, plans, revenue, surveys and the attention queue: tokens
    # only, as above. A path that PATCHes or PUTs also answers GET, so POST is a 405.
    "api:assessment_list": Rule(TOKEN),
    "api:assessment_create": Rule(TOKEN),
    "api:assessment_detail": Rule(TOKEN, GET_ONLY, pk="assessment"),
    "api:portfolio_square": Rule(TOKEN, GET_ONLY),
    "api:plan_current": Rule(TOKEN, GET_ONLY),
    "api:plan_detail": Rule(TOKEN, GET_ONLY),
    "api:plan_answer": Rule(TOKEN, GET_ONLY),
    "api:plan_answer_update": Rule(TOKEN, GET_ONLY),
    "api:plan_figures": Rule(TOKEN, GET_ONLY),
    "api:plan_figures_update": Rule(TOKEN, GET_ONLY),
    "api:revenue_list": Rule(TOKEN, GET_ONLY),
    "api:revenue_targets": Rule(TOKEN, GET_ONLY),
    "api:revenue_month": Rule(TOKEN, GET_ONLY),
    "api:revenue_month_set": Rule(TOKEN, GET_ONLY),
    "api:survey_results": Rule(TOKEN, GET_ONLY),
    "api:survey_result_list": Rule(TOKEN, GET_ONLY),
    "api:attention": Rule(TOKEN, GET_ONLY),
}

# --- The world: one object of each kind, in three accounts ------------------------------


@dataclass
class Matrix:
    world: World
    ours: dict[str, object]  # URL parameters for Northwind, in Acme
    sibling: dict[str, object]  # the same for Contoso, another account of Acme
    foreign: dict[str, object]  # the same for Initech, in Globex
    sessions: dict[str, str]  # each signed-in person's session key

    def client(self, person: str) -> Client:
        """A browser of `person`'s, signed in once for the whole module."""
        client = Client()
        if person != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[person]
        return client


# Parameters that name something of the workspace rather than of the account.
WORKSPACE_PARAMS = {
    "slug",
    "question_id",
    "offering_pk",
    "rec_id",
    "competitor_pk",
    "survey_question_pk",
    "import_run_pk",
    "webhook_pk",
    "delivery_pk",
    "token_pk",
}
FIXED_PARAMS = {"year", "month", "uidb64", "token", "file_format", "check"}


def dossier(account: Account, *, by, member) -> dict[str, object]:
    """One object of each kind for `account`, written by `by`, and the membership of
    `member` (whom the members' pages address). Returns the URL parameters for them."""
    workspace = account.workspace
    contact = Contact.objects.create(workspace=workspace, account=account, name="Anna Petrova")
    relationship = ContactRelationship.objects.create(contact=contact, user=by, strength=3)
    activity = activity_create(
        account=account,
        by=by,
        kind="meeting",
        occurred_on=date(2026, 3, 1),
        our_people=[by],
        their_people=[contact],
    )
    meeting = meeting_plan(
        account=account,
        by=by,
        on=date(2026, 3, 1),
        our_people=[by],
        their_people=[contact],
        today=date(2026, 3, 1),
        purpose="Renewal",
    )
    note = IntelNote.objects.create(
        workspace=workspace, account=account, kind=NoteKind.GOALS, title="Expansion"
    )
    competitor = Competitor.objects.create(workspace=workspace, name=f"Rival of {account.name}")
    presence = CompetitorPresence.objects.create(account=account, competitor=competitor)
    plan = AccountPlan.objects.create(
        workspace=workspace, account=account, title="2026", status=PlanStatus.ACTIVE
    )
    objective = Objective.objects.create(plan=plan, title="Grow")
    risk = Risk.objects.create(plan=plan, description="Tender", likelihood=2, impact=3)
    action = Action.objects.create(workspace=workspace, account=account, plan=plan, title="Call")
    assessment = assessment_create(
        account=account, assessor=by, scores={c.key: ScoreInput(60) for c in DEFAULT_CRITERIA}
    )
    offering, _ = Offering.objects.get_or_create(workspace=workspace, name="Spare parts")
    centre = BuyingCentre.objects.create(account=account, name="Lyon plant")
    RevenueEntry.objects.create(
        workspace=workspace, account=account, month=date(2025, 1, 1), amount=100
    )
    survey_token = new_token()
    Invitation.objects.create(
        workspace=workspace,
        account=account,
        contact=contact,
        contact_name=contact.name,
        email="anna@client.test",
        template=SurveyTemplate.objects.current_for(workspace),
        token_hash=token_hash(survey_token),
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
    )
    opportunity = Opportunity.objects.create(
        workspace=workspace,
        account=account,
        name="Retrofit",
        amount=100,
        currency="EUR",
        probability=50,
        expected_close=date(2025, 2, 1),
    )
    import_run = run_upload(
        workspace=workspace, kind="accounts", file_name="accounts.csv", data=b"name\nHooli\n"
    )
    # The account's owner's feed: each account of the world has another owner, and a
    # member has one feed per workspace.
    owner = Membership.objects.get(workspace=workspace, user=account.owner)
    workspace_owner = Membership.objects.get(workspace=workspace, role=Role.OWNER)
    feed_token = feed_token_create(membership=owner)
    webhook = webhook_create(
        workspace=workspace, url="https://hooks.example/keyfolio", events=["opportunity.won"]
    )
    delivery = webhook_send_test(webhook=webhook)
    api_token = ApiToken.objects.get(
        token_hash=token_hash(api_token_create(membership=workspace_owner, name="CRM"))
    )
    return {
        "slug": workspace.slug,
        "pk": account.pk,
        "account": account.pk,
        "assessment": assessment.pk,
        "membership": Membership.objects.get(workspace=workspace, user=member).pk,
        "contact_pk": contact.pk,
        "relationship_pk": relationship.pk,
        "activity_pk": activity.pk,
        "meeting_pk": meeting.pk,
        "note_pk": note.pk,
        "presence_pk": presence.pk,
        "competitor_pk": competitor.pk,
        "plan_id": plan.pk,
        "objective_id": objective.pk,
        "risk_id": risk.pk,
        "action_id": action.pk,
        # The workspace's defaults, made with it.
        "question_id": PlanQuestion.objects.filter(workspace=workspace)[0].pk,
        "rec_id": Recommendation.objects.filter(workspace=workspace)[0].pk,
        "offering_pk": offering.pk,
        "centre_pk": centre.pk,
        "survey_token": survey_token,
        "survey_question_pk": SurveyTemplate.objects.current_for(workspace).questions.all()[0].pk,
        "opportunity_pk": opportunity.pk,
        "import_run_pk": import_run.pk,
        "feed_token": feed_token,
        "webhook_pk": webhook.pk,
        "delivery_pk": delivery.pk,
        "token_pk": api_token.pk,
        # One of the workspace owner's sessions (each person signed in before this is made).
        "user_session": UserSession.objects.filter(user=workspace_owner.user)[0].pk,
    }


# Single sign-on configured, so that its URLs answer as they do where it is used.
SSO_ON = {
    "OIDC_RP_CLIENT_ID": "keyfolio",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://id.example/authorize",
}


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker) -> Iterator[Matrix]:
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], **SSO_ON
        ),
        transaction.atomic(),
    ):
        world = build_world()
        contoso = Account.objects.create(
            workspace=world.workspace, name="Contoso", owner=world.director
        )
        invitee = make_user("ivan@acme.test", "Ivan Invitee")
        fixed = {
            "year": 2025,
            "month": 1,
            "uidb64": urlsafe_base64_encode(force_bytes(invitee.pk)),
            "token": default_token_generator.make_token(invitee),
            "file_format": "csv",
            "check": "executive_contact",
        }
        sessions = {}
        for person in PEOPLE[1:]:
            client = world.client_for(getattr(world, person))
            sessions[person] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield Matrix(
            world,
            ours={**dossier(world.account, by=world.manager, member=world.teammate), **fixed},
            sibling={**dossier(contoso, by=world.manager, member=world.teammate), **fixed},
            foreign={
                **dossier(world.foreign_account, by=world.stranger, member=world.stranger),
                **fixed,
            },
            sessions=sessions,
        )
        transaction.set_rollback(True)


# --- The cases ---------------------------------------------------------------------------

ELSEWHERE = {"sibling": "contoso", "foreign": "globex"}


@dataclass(frozen=True)
class Case:
    route: Route
    method: str
    person: str
    expected: Outcome
    # One URL parameter taken from elsewhere ("sibling" or "foreign"), the rest ours.
    swapped: str = ""
    source: str = ""

    @property
    def id(self) -> str:
        where = f"-{self.swapped}_of_{ELSEWHERE[self.source]}" if self.swapped else ""
        return f"{self.route.name}-{self.method}-{self.person}{where}"

    def values(self, matrix: Matrix) -> dict[str, object]:
        """What the URL's parameters (and a POST body) are filled from."""
        values = dict(matrix.ours)
        if self.swapped:
            key = RULES[self.route.name].pk if self.swapped == "pk" else self.swapped
            values[key] = getattr(matrix, self.source)[key]
        return values

    def url(self, values: dict[str, object]) -> str:
        keys = {p: RULES[self.route.name].pk if p == "pk" else p for p in self.route.params}
        missing = sorted(key for key in keys.values() if key not in values)
        assert not missing, f"{self.route.name}: nothing in dossier() for {missing}"
        return reverse(self.route.name, kwargs={p: values[key] for p, key in keys.items()})

    def body(self, values: dict[str, object]) -> dict:
        make = RULES[self.route.name].body
        return make(values) if make else {}


def cases() -> Iterator[Case]:
    for route in sorted(routes(), key=lambda r: r.name):
        rule = RULES.get(route.name)
        if rule is None:
            continue  # test_every_url_has_a_rule names it
        for method in ("GET", "POST"):
            for person in PEOPLE:
                yield Case(route, method, person, rule.expect(person, method))
            if rule.answers(method):
                yield from _elsewhere(route, rule, method)


def _elsewhere(route: Route, rule: Rule, method: str) -> Iterator[Case]:
    """Each object the URL names, taken in turn from another workspace, and each one an
    account holds from another account of ours: a 404 even to the owner, who sees all.
    And our objects under the other workspace's slug: a 404 to its owner."""
    objects = [p for p in route.params if p not in FIXED_PARAMS | {"slug"}]
    if "slug" not in route.params or not objects:
        return
    yield Case(route, method, "stranger", E404, "slug", "foreign")
    nested = "pk" in objects and rule.pk == "account" and len(objects) > 1
    for param in objects:
        yield Case(route, method, "owner", E404, param, "foreign")
        if nested and param not in WORKSPACE_PARAMS:
            yield Case(route, method, "owner", E404, param, "sibling")


def test_every_url_has_a_rule():
    names = {route.name for route in routes()}
    undeclared = sorted(names - RULES.keys())
    assert not undeclared, f"No access rule declared in RULES for: {', '.join(undeclared)}"
    assert not RULES.keys() - names, f"Rules for URLs that are gone: {RULES.keys() - names}"


@pytest.fixture
def _no_pdf_rendering(monkeypatch):
    # Laying out a PDF takes seconds, and what it shows is the brief tests' business.
    monkeypatch.setattr(brief_views, "brief_pdf", lambda account, **kw: b"%PDF-")
    monkeypatch.setattr(portfolio_views, "report_pdf", lambda report, **kw: b"%PDF-")


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in cases()])
def test_access(matrix, db, _no_pdf_rendering, case: Case):
    cache.clear()  # The survey page's rate limits count there: each case starts afresh.
    client = matrix.client(case.person)
    values = case.values(matrix)
    url = case.url(values)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url) if case.method == "GET" else client.post(url, case.body(values))
    where = f"{case.method} {url} as {case.person}"
    status = response.status_code
    login = resolve_url(settings.LOGIN_URL)
    to_login = status == 302 and response.url.startswith(login + "?")
    if case.expected is Outcome.ALLOWED:
        assert status in ALLOWED_STATUSES and not to_login, f"{where}: {status} (allowed)"
        return
    if case.expected is Outcome.LOGIN:
        assert to_login, f"{where}: {status}, expected a redirect to log in"
    else:
        expected = STATUS[case.expected]
        assert status == expected, f"{where}: {status}, expected {expected}"
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not writes, f"{where} was refused but wrote: {writes}"
