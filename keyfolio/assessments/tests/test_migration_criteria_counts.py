"""The migration that stores how many criteria each assessment scored counts them from
the scores already saved."""

from importlib import import_module

from django.apps import apps

from keyfolio.assessments.models import Assessment
from keyfolio.assessments.services import ScoreInput, assessment_create

migration = import_module("keyfolio.assessments.migrations.0006_assessment_criteria_counts")


def test_it_counts_the_scored_criteria_of_the_assessments_saved_before(world):
    partial = assessment_create(
        account=world.account,
        assessor=world.manager,
        scores={
            "client_growth": ScoreInput(70),
            "prices": ScoreInput(None),
            "reputation": ScoreInput(40),
        },
    )
    bare = Assessment.objects.create(
        workspace=world.workspace, account=world.account, methodology=partial.methodology
    )
    Assessment.objects.update(criteria_scored=0, criteria_total=0)  # As before the migration.

    migration.count_criteria(apps, None)

    counts = dict(Assessment.objects.values_list("pk", "criteria_scored"))
    totals = dict(Assessment.objects.values_list("pk", "criteria_total"))
    assert (counts[partial.pk], totals[partial.pk]) == (2, 15)
    assert (counts[bare.pk], totals[bare.pk]) == (0, 0)  # No scores at all.
