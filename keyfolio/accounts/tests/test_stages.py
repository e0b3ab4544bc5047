"""The relationship stage: the service that changes it, and what the card reads."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyfolio.accounts.models import StageChange
from keyfolio.accounts.stages import stage_change, stage_context


def change(world, stage: str, on: date, note: str = ""):
    return stage_change(
        account=world.account, stage=stage, changed_on=on, by=world.manager, note=note
    )


def test_it_records_a_change_and_moves_the_account_to_it(world):
    recorded = change(world, "basic", date(2025, 3, 1), note="  Framework contract  ")
    world.account.refresh_from_db()
    assert world.account.stage == "basic"
    assert (recorded.stage, recorded.changed_on, recorded.changed_by, recorded.note) == (
        "basic",
        date(2025, 3, 1),
        world.manager,
        "Framework contract",
    )


def test_it_only_adds_history_for_a_back_dated_change(world):
    change(world, "cooperative", date(2025, 6, 1))
    change(world, "exploratory", date(2024, 1, 10))  # Recorded late.
    world.account.refresh_from_db()
    assert world.account.stage == "cooperative"
    assert StageChange.objects.filter(account=world.account).count() == 2


def test_it_lets_the_latest_of_the_same_day_rule(world):
    change(world, "basic", date(2025, 6, 1))
    change(world, "cooperative", date(2025, 6, 1))
    world.account.refresh_from_db()
    assert world.account.stage == "cooperative"


def test_it_goes_off_the_ladder_and_back(world):
    change(world, "interdependent", date(2024, 6, 1))
    change(world, "disintegrating", date(2025, 1, 1))
    world.account.refresh_from_db()
    assert world.account.stage == "disintegrating"
    change(world, "basic", date(2025, 5, 1))
    world.account.refresh_from_db()
    assert world.account.stage == "basic"


@pytest.mark.parametrize(
    "stage, on, note, field",
    [
        ("friendly", date(2025, 1, 1), "", "stage"),
        ("basic", timezone.localdate() + timedelta(days=1), "", "changed_on"),
        ("basic", date(2025, 1, 1), "x" * 301, "note"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(world, stage, on, note, field):
    with pytest.raises(ValidationError) as refused:
        change(world, stage, on, note)
    assert field in refused.value.message_dict
    world.account.refresh_from_db()
    assert world.account.stage == ""
    assert not StageChange.objects.exists()


# --- what the card reads --------------------------------------------------------------------


def test_it_reads_nothing_for_an_account_without_a_stage(world):
    context = stage_context(world.account)
    assert context["stage_history"] == []
    assert context["stage_since"] is None
    assert [step.state for step in context["stage_ladder"]] == ["ahead"] * 5
    assert not context["stage_disintegrating"]


def test_it_marks_the_ladder_up_to_the_current_stage(world):
    change(world, "exploratory", date(2023, 1, 1))
    change(world, "cooperative", date(2024, 1, 1), note="Joint plan")
    world.account.refresh_from_db()
    context = stage_context(world.account)
    assert [(s.stage, s.state) for s in context["stage_ladder"]] == [
        ("exploratory", "done"),
        ("basic", "done"),
        ("cooperative", "current"),
        ("interdependent", "ahead"),
        ("integrated", "ahead"),
    ]
    assert context["stage_ladder"][0].label == "Exploratory"
    assert [(c.stage, c.note) for c in context["stage_history"]] == [
        ("cooperative", "Joint plan"),
        ("exploratory", ""),
    ]
    assert context["stage_since"] == date(2024, 1, 1)


def test_it_dates_the_stage_from_the_start_of_its_current_run(world):
    change(world, "basic", date(2023, 1, 1))
    change(world, "cooperative", date(2024, 1, 1))
    change(world, "cooperative", date(2024, 9, 1))  # Confirmed again.
    world.account.refresh_from_db()
    assert stage_context(world.account)["stage_since"] == date(2024, 1, 1)


def test_it_shows_disintegration_off_the_ladder_with_the_step_reached(world):
    change(world, "interdependent", date(2024, 1, 1))
    change(world, "disintegrating", date(2025, 2, 1))
    world.account.refresh_from_db()
    context = stage_context(world.account)
    assert context["stage_disintegrating"]
    assert context["stage_since"] == date(2025, 2, 1)
    states = {s.stage: s.state for s in context["stage_ladder"]}
    assert states["interdependent"] == "current"
    assert states["integrated"] == "ahead"
