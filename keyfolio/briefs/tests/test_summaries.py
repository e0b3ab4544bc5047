from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.briefs.selectors import dossier_summary
from keyfolio.briefs.tests.factories import rich_dossier
from keyfolio.intel.models import IntelNote


def detail_url(world) -> str:
    return reverse("dossier:overview", args=[world.slug, world.account.pk])


def test_it_links_a_card_to_each_tab_of_the_dossier(world):
    body = world.client_for(world.viewer).get(detail_url(world)).content.decode()
    for name in ("dossier:plan", "stakeholders:map", "intel:index", "revenue:index"):
        assert (
            f'class="stretched-link" href="{reverse(name, args=[world.slug, world.account.pk])}"'
            in body
        )
    assert "No plan yet" in body and "Single-threaded" in body


def test_it_sums_up_a_full_dossier(rich):
    response = rich.client_for(rich.manager).get(detail_url(rich))
    summary = response.context["dossier_summary"]
    assert summary.plan.completeness.answered == summary.plan.completeness.asked == 11
    assert summary.coverage.active_contacts == 12
    assert (summary.actions.open, summary.actions.overdue) == (9, 2)
    assert summary.intel_stale is False
    body = response.content.decode()
    assert "100%" in body and "11 of 11 answered" in body
    assert "2 overdue" in body
    assert "deciders nobody knows well" in body


def test_it_says_when_the_intelligence_is_stale(world):
    note = IntelNote.objects.create(workspace=world.workspace, account=world.account,
                                    kind="goals", title="Old")  # fmt: skip
    long_ago = timezone.now() - timedelta(days=200)
    IntelNote.objects.filter(pk=note.pk).update(updated_at=long_ago)
    summary = dossier_summary(world.account, today=timezone.localdate())
    assert summary.intel_updated == long_ago
    assert summary.intel_stale is True


@pytest.mark.parametrize("size", [2, 12])
def test_it_reads_the_summary_in_a_constant_number_of_queries(
    world, django_assert_num_queries, size
):
    rich_dossier(world.account, today=timezone.localdate(), people=[world.manager], size=size)
    # Plan, its completeness (2), coverage, intelligence, revenue (2), open actions,
    # satisfaction.
    with django_assert_num_queries(9):
        dossier_summary(world.account, today=timezone.localdate())
