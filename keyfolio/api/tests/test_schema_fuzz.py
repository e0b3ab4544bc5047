"""Schemathesis over the whole OpenAPI schema: whatever a client sends, no 5xx.

Every operation is called with requests generated from the schema, valid and not, by the
workspace's owner (so that writes go through), and every response must be a non-5xx
whose status, headers and body the schema documents (the problems included), that
refuses a missing token and answers a method it does not take with 405 and Allow.

The examples are derandomized (the same on every run, drawn from the test's name), so
that `make test` is repeatable; to explore further, run it with
`--hypothesis-seed=<n>` or with `derandomize` off.
"""

from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis import checks

from keyfolio.activities.services import activity_create
from keyfolio.api.tests.conftest import OVERWRITE, token_for
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.meetings.services import meeting_plan
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.plans.models import PlanQuestion
from keyfolio.plans.services import action_create
from keyfolio.revenue.services import opportunity_create
from keyfolio.stakeholders.services import contact_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


# The schema says what a field's type is, not which accounts exist or that a window must
# end above where it starts: a schema-valid request refused by those rules is a 422 by
# design, and a lenient parse of a date (a number as a timestamp) is not a fault.
BUSINESS_RULES = [checks.positive_data_acceptance, checks.negative_data_rejection]


@pytest.fixture(autouse=True)
def _connection_kept_across_requests():
    """What Django's test client does around each request: the real WSGI handler would
    close the connection at the end of a request, and with it the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def bearer(world):
    # Schemathesis' WSGI transport does not undo the gzip of our middleware.
    token = token_for(world.owner, world.workspace)
    return {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_errors(case, bearer, world):
    case.call_and_validate(headers=bearer, excluded_checks=BUSINESS_RULES)


@pytest.fixture
def real_ids(world, plan):
    """An object of each kind in the world's account, by the path's parameter."""
    contact = contact_create(account=world.account, name="Anna Petrova")
    by_kind = {
        "accounts": world.account.pk,
        "contacts": contact.pk,
        "opportunities": opportunity_create(
            account=world.account,
            name="Retrofit",
            amount=Decimal(1000),
            probability=50,
            expected_close=date(2026, 6, 30),
            owner=world.manager,
        ).pk,
        "activities": activity_create(
            account=world.account,
            by=world.manager,
            kind="meeting",
            occurred_on=date(2026, 3, 1),
            our_people=[world.manager],
            their_people=[contact],
            summary="Kick-off",
        ).pk,
        "actions": action_create(account=world.account, title="Call", owner=world.manager).pk,
        # Held today, so that a generated outcome reaches the service.
        "meetings": meeting_plan(
            account=world.account,
            by=world.manager,
            on=timezone.localdate(),
            our_people=[world.manager],
            their_people=[contact],
            today=timezone.localdate(),
        ).pk,
        "assessments": assessment_create(
            account=world.account,
            assessor=world.manager,
            scores={c.key: ScoreInput(60) for c in DEFAULT_CRITERIA},
        ).pk,
    }
    question = PlanQuestion.objects.filter(workspace=world.workspace, active=True)[0]
    return by_kind, {"plan_id": plan.pk, "question_id": question.pk, "year": 2026, "month": 1}


@pytest.mark.django_db(transaction=False)
@schema.include(path_regex=r"\{pk\}").parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_errors_on_real_objects(case, bearer, real_ids):
    """The same over the world's own objects, and with `If-Match: *`, so that generated
    queries and bodies reach the services instead of stopping at a 404 or a 428."""
    by_kind, others = real_ids
    kind = case.path.split("/")[3]
    case.path_parameters = {
        name: by_kind[kind] if name == "pk" else others[name] for name in case.path_parameters
    }
    case.call_and_validate(headers=bearer | OVERWRITE, excluded_checks=BUSINESS_RULES)
