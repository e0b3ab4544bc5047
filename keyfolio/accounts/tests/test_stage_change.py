"""The relationship stage card on the overview, and its form."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import StageChange
from keyfolio.accounts.stages import stage_change
from keyfolio.testing import HTMX, is_page


def change_url(world, account=None) -> str:
    return reverse("accounts:stage_change", args=[world.slug, (account or world.account).pk])


def overview_url(world) -> str:
    return reverse("dossier:overview", args=[world.slug, world.account.pk])


def good(**changes) -> dict:
    return {"stage": "cooperative", "changed_on": "2025-04-01", "note": "Joint plan", **changes}


# --- the card on the overview ---------------------------------------------------------------


def test_it_shows_the_stage_and_its_history_on_the_overview(world):
    stage_change(
        account=world.account,
        stage="basic",
        changed_on=date(2024, 2, 1),
        by=world.teammate,
        note="First contract",
    )
    stage_change(
        account=world.account, stage="cooperative", changed_on=date(2025, 4, 1), by=world.manager
    )
    response = world.client_for(world.manager).get(overview_url(world))
    body = response.content.decode()
    assert 'id="stage-card"' in body
    assert 'aria-current="step"' in body
    assert "First contract" in body and "Tom Teammate" in body
    assert [c.stage for c in response.context["stage_history"]] == ["cooperative", "basic"]
    assert response.context["stage_since"] == date(2025, 4, 1)


def test_it_shows_disintegration_in_red_off_the_ladder(world):
    stage_change(
        account=world.account, stage="disintegrating", changed_on=date(2025, 1, 1), by=None
    )
    body = world.client_for(world.manager).get(overview_url(world)).content.decode()
    assert "kf-stage-pill is-disintegrating" in body
    assert "kf-stepper is-disintegrating" in body
    assert 'aria-current="step"' not in body


def test_it_offers_the_change_to_editors_only(world):
    assert (
        change_url(world)
        in world.client_for(world.teammate).get(overview_url(world)).content.decode()
    )
    assert (
        change_url(world)
        not in world.client_for(world.viewer).get(overview_url(world)).content.decode()
    )


# --- the form -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_records_a_change_for_editors(world, person):
    user = getattr(world, person)
    response = world.client_for(user).post(change_url(world), good())
    assert response.status_code == 302
    assert response.url == overview_url(world)
    world.account.refresh_from_db()
    assert world.account.stage == "cooperative"
    assert StageChange.objects.get().changed_by == user


def test_it_offers_today_and_the_current_stage(world):
    stage_change(account=world.account, stage="basic", changed_on=date(2024, 2, 1), by=None)
    response = world.client_for(world.manager).get(change_url(world))
    assert response.status_code == 200
    assert response.context["form"].initial == {
        "stage": "basic",
        "changed_on": timezone.localdate(),
    }


def test_it_answers_htmx_with_the_form_alone_then_the_card(world):
    client = world.client_for(world.manager)
    form = client.get(change_url(world), headers=HTMX)
    assert not is_page(form)
    assert 'hx-target="#stage-card"' in form.content.decode()
    card = client.post(change_url(world), good(), headers=HTMX).content.decode()
    assert card.lstrip().startswith('<section class="kf-card mb-3" id="stage-card"')
    assert "Joint plan" in card


def test_it_keeps_the_current_stage_on_a_back_dated_change(world):
    client = world.client_for(world.manager)
    client.post(change_url(world), good(stage="cooperative", changed_on="2025-04-01"))
    client.post(change_url(world), good(stage="exploratory", changed_on="2023-01-01"))
    world.account.refresh_from_db()
    assert world.account.stage == "cooperative"
    assert StageChange.objects.count() == 2


@pytest.mark.parametrize(
    "data, field",
    [
        (good(stage="friendly"), "stage"),
        (good(changed_on=""), "changed_on"),
        (good(changed_on="not a date"), "changed_on"),
        (good(changed_on=(date.today() + timedelta(days=3)).isoformat()), "changed_on"),
        (good(note="x" * 301), "note"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(world, data, field):
    response = world.client_for(world.manager).post(change_url(world), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    world.account.refresh_from_db()
    assert world.account.stage == ""
    assert not StageChange.objects.exists()


def test_it_shows_htmx_errors_in_the_form_slot(world):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = world.client_for(world.manager).post(
        change_url(world), good(changed_on=future), headers=HTMX
    )
    assert response["HX-Retarget"] == "#stage-form-slot"
    assert "A stage cannot change in the future" in response.content.decode()
    assert not StageChange.objects.exists()
