"""Reads of assessments and methodologies, scoped to the member who asks.

Views, the API and the account pages fetch assessments through
`get_assessment_for` so that access control is one line and cannot be forgotten:
an assessment is visible exactly when its account is.
"""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment, Methodology, Score
from keyfolio.assessments.services import ScoreInput
from keyfolio.workspaces.access import require_edit
from keyfolio.workspaces.models import Membership, Workspace


def get_assessment_for(membership: Membership, pk: int, *, edit: bool = False) -> Assessment:
    """The assessment `pk` if its account is visible to this member, or 404;
    403 if `edit` and the member may not edit."""
    visible_accounts = Account.objects.visible_to(membership)
    assessment = get_object_or_404(
        Assessment.objects.filter(
            workspace=membership.workspace, account__in=visible_accounts
        ).select_related("account", "methodology", "assessor"),
        pk=pk,
    )
    if edit:
        require_edit(membership)
    return assessment


def scores_of(assessment: Assessment) -> QuerySet[Score]:
    """Every score of the assessment with its criterion, in the methodology's order."""
    return assessment.scores.select_related("criterion").order_by(
        "criterion__axis", "criterion__position", "criterion__pk"
    )


def score_inputs_of(assessment: Assessment | None) -> dict[str, ScoreInput]:
    """The assessment's scores keyed by criterion key, as the services take them.

    Keys rather than criterion rows, so that an assessment made with an older
    methodology version still prefills the criteria the current version shares."""
    if assessment is None:
        return {}
    return {s.criterion.key: ScoreInput(s.value, s.comment) for s in scores_of(assessment)}


def assessment_before(assessment: Assessment) -> Assessment | None:
    """The account's assessment made just before this one, for comparison."""
    return (
        Assessment.objects.for_account(assessment.account)
        .select_related("methodology")  # Its indices are shown by its thresholds.
        .filter(created_at__lt=assessment.created_at)
        .exclude(pk=assessment.pk)
        .first()
    )


def methodology_history(workspace: Workspace) -> QuerySet[Methodology]:
    """Every methodology version of the workspace, newest first, with its author and
    its number of active criteria: one query however many versions there are."""
    return (
        Methodology.objects.filter(workspace=workspace)
        .select_related("created_by")
        .annotate(active_criteria_count=Count("criteria", filter=Q(criteria__active=True)))
        .order_by("-version")
    )
