"""bench/generate.py writes in bulk, around the services: check that what it stores is
what the services would have stored (indices, zones, the accounts' pointers)."""

import importlib.util
from pathlib import Path

import pytest

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.method import evaluate
from keyfolio.workspaces.models import Role, Workspace

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "generate.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.mark.django_db
def test_pointers_are_those_refresh_assessment_pointers_picks(generator):
    counts = generator.generate(accounts=30, slug="gen", assessments_per_account=4, seed=3)
    workspace = Workspace.objects.get(slug="gen")
    accounts = list(Account.objects.filter(workspace=workspace).order_by("pk"))
    assert len(accounts) == counts["Account"] == 30
    for account in accounts:
        stored = (account.current_assessment_id, account.previous_assessment_id)
        account.refresh_assessment_pointers()
        assert stored == (account.current_assessment_id, account.previous_assessment_id)
        assert account.current_assessment_id is not None
        assert account.previous_assessment_id is not None


@pytest.mark.django_db
def test_stored_indices_and_zones_are_those_the_core_computes(generator):
    generator.generate(accounts=30, slug="gen", assessments_per_account=3, seed=5)
    workspace = Workspace.objects.get(slug="gen")
    methodology = Methodology.objects.current_for(workspace)
    criteria = methodology.active_criteria().count()
    assessments = Assessment.objects.filter(workspace=workspace).prefetch_related(
        "scores__criterion"
    )
    assert len(assessments) == 90
    zones = set()
    for assessment in assessments:
        scores = list(assessment.scores.all())
        assert len(scores) == criteria
        result = evaluate([s.as_scored() for s in scores], methodology.thresholds)
        assert assessment.methodology_id == methodology.pk
        assert assessment.client_index == pytest.approx(result.client_index)
        assert assessment.our_index == pytest.approx(result.our_index)
        assert assessment.zone == (result.zone.value if result.zone else "")
        assert assessment.completeness == pytest.approx(result.completeness)
        zones.add(assessment.zone)
    assert len(zones) > 1  # Not one corner of the square only.


@pytest.mark.django_db
def test_one_assessment_per_account_leaves_no_previous(generator):
    generator.generate(accounts=5, slug="gen", assessments_per_account=1)
    accounts = Account.objects.filter(workspace__slug="gen")
    assert all(a.current_assessment_id and a.previous_assessment_id is None for a in accounts)


@pytest.mark.django_db
def test_members_and_dossier_rows(generator):
    counts = generator.generate(accounts=50, slug="gen", assessments_per_account=2)
    workspace = Workspace.objects.get(slug="gen")
    roles = list(workspace.memberships.values_list("role", flat=True))
    assert sorted(set(roles)) == sorted({Role.OWNER, Role.DIRECTOR, Role.MANAGER})
    assert roles.count(Role.MANAGER) == 2
    account = Account.objects.filter(workspace=workspace).first()
    assert account.contacts.count() == generator.CONTACTS_PER_ACCOUNT
    assert account.activities.count() == generator.ACTIVITIES_PER_ACCOUNT
    assert account.revenue.count() == generator.REVENUE_MONTHS
    assert all(entry.month.day == 1 for entry in account.revenue.all())
    assert account.team.exclude(pk=account.owner_id).exists()
    assert counts["Contact"] == 50 * generator.CONTACTS_PER_ACCOUNT


@pytest.mark.django_db
def test_an_account_is_as_old_as_its_first_assessment(generator):
    """So that the playbook's grace period for new accounts does not silence the bench's
    attention queue."""
    generator.generate(accounts=5, slug="old", assessments_per_account=3, seed=5)
    for account in Account.objects.filter(workspace__slug="old"):
        first = account.assessments.order_by("assessed_on").first()
        assert account.created_at.date() == first.assessed_on


@pytest.mark.django_db
def test_half_the_accounts_have_surveys_most_answered(generator):
    from keyfolio.surveys.models import Invitation

    counts = generator.generate(accounts=40, slug="asked", assessments_per_account=1, seed=7)
    invitations = Invitation.objects.filter(workspace__slug="asked")
    assert invitations.count() == counts["Invitation"] > 0
    surveyed = invitations.values("account").distinct().count()
    assert 5 < surveyed < 35
    answered = invitations.filter(answered_at__isnull=False)
    assert answered.exists()
    assert not answered.filter(nps__isnull=True).exists()
    assert not invitations.filter(answered_at__isnull=True, nps__isnull=False).exists()
