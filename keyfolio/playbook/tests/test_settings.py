"""Settings: the playbook's thresholds (admins only)."""

import pytest
from django.urls import reverse

from keyfolio.playbook.models import PlaybookSettings
from keyfolio.testing import two_edit

VALID = {
    "executive_contact_days": 60,
    "strategy_review_days": 300,
    "satisfaction_days": 120,
    "survey_window_days": 90,
    "intelligence_days": 150,
    "assessment_days": 45,
    "warning_days": 10,
    "grace_days": 14,
}


def settings_url(world) -> str:
    return reverse("playbook:settings", args=[world.slug])


def stored(world) -> PlaybookSettings:
    return PlaybookSettings.objects.get(workspace=world.workspace)


@pytest.mark.parametrize("person", ["owner", "admin"])
def test_it_shows_the_thresholds_to_admins(world, person):
    response = world.client_for(getattr(world, person)).get(settings_url(world))
    assert response.status_code == 200
    assert response.context["form"]["executive_contact_days"].value() == 90


def test_it_saves_the_thresholds(world):
    response = world.client_for(world.admin).post(settings_url(world), VALID)
    assert response.status_code == 302
    thresholds = stored(world).thresholds
    assert (thresholds.executive_contact_days, thresholds.warning_days) == (60, 10)
    assert thresholds.grace_days == 14


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("executive_contact_days", 0, "between 1 and 3650"),
        ("assessment_days", 5000, "between 1 and 3650"),
        ("warning_days", 45, "shortest limit (45 days)"),
        ("satisfaction_days", "", "This field is required"),
        ("grace_days", 400, "between 0 and 365"),
    ],
)
def test_it_refuses_bad_thresholds_and_saves_nothing(world, field, value, message):
    response = world.client_for(world.admin).post(settings_url(world), VALID | {field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert (stored(world).executive_contact_days, stored(world).grace_days) == (90, 0)


def test_it_creates_the_settings_of_a_workspace_made_before_the_playbook(world):
    PlaybookSettings.objects.filter(workspace=world.workspace).delete()
    response = world.client_for(world.admin).get(settings_url(world))
    assert response.status_code == 200
    assert stored(world).assessment_days == 90


def test_the_settings_menu_links_here(world):
    body = world.client_for(world.admin).get(settings_url(world)).content.decode()
    assert f'href="{settings_url(world)}"' in body
    assert f'href="{reverse("playbook:recommendations", args=[world.slug])}"' in body


def test_a_save_over_a_newer_version_is_refused_and_the_merge_saved(world):
    def thresholds():
        return stored(world).grace_days, stored(world).warning_days

    after_theirs, merged = two_edit(
        mine=world.client_for(world.owner),
        theirs=world.client_for(world.admin),
        url=settings_url(world),
        stored=thresholds,
        their_change={"grace_days": "5"},
        my_change={"grace_days": "9", "warning_days": "21"},
    )
    assert after_theirs[0] == 5
    assert merged == (5, 21)
