"""Two people edit the same account: the later save over a newer version is refused,
shows both versions, changes nothing, and saves what the person merges."""

import pytest
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.testing import conflict_of, form_as_posted


@pytest.fixture(autouse=True)
def _valid_account(world):
    # The test world's account has no currency, which the form requires.
    Account.objects.filter(pk=world.account.pk).update(currency="EUR")


def edit_url(world) -> str:
    return reverse("accounts:edit", args=[world.slug, world.account.pk])


def opened_form(world, person):
    """What `person` posts for the form as they opened it."""
    client = world.client_for(person)
    return client, form_as_posted(client.get(edit_url(world)).context["form"])


def test_it_saves_a_change_over_the_version_it_was_read_at(world):
    client, posted = opened_form(world, world.manager)
    response = client.post(edit_url(world), {**posted, "segment": "Retail"})
    assert response.status_code == 302
    assert Account.objects.get(pk=world.account.pk).segment == "Retail"


def test_it_refuses_a_save_over_a_newer_version_and_changes_nothing(world):
    client, mine = opened_form(world, world.manager)
    other, theirs = opened_form(world, world.director)
    assert other.post(edit_url(world), {**theirs, "segment": "Their segment"}).status_code == 302

    response = client.post(edit_url(world), {**mine, "segment": "My segment", "country": "Peru"})

    assert response.status_code == 200
    assert "Someone else saved this at" in response.content.decode()
    assert "Your changes are not saved yet." in response.content.decode()
    assert conflict_of(response) == {
        "segment": ("Their segment", "My segment"),
        "country": ("(empty)", "Peru"),
    }
    account = Account.objects.get(pk=world.account.pk)
    assert (account.segment, account.country) == ("Their segment", "")
    # Nothing typed is lost: the form still holds my values.
    assert response.context["form"]["segment"].value() == "My segment"


def test_it_saves_what_the_person_merges_against_the_new_version(world):
    client, mine = opened_form(world, world.manager)
    other, theirs = opened_form(world, world.director)
    other.post(edit_url(world), {**theirs, "segment": "Their segment", "industry": "Ships"})
    refused = client.post(edit_url(world), {**mine, "segment": "Mine", "country": "Peru"})

    merged = {**form_as_posted(refused.context["form"]), "merge-segment": "theirs"}
    merged["merge-industry"] = "theirs"
    response = client.post(edit_url(world), merged)

    assert response.status_code == 302
    account = Account.objects.get(pk=world.account.pk)
    assert (account.segment, account.industry, account.country) == (
        "Their segment",
        "Ships",
        "Peru",
    )


def test_a_change_the_form_does_not_show_does_not_stop_the_save(world):
    client, mine = opened_form(world, world.manager)
    world.account.archive()
    world.account.restore()  # Moves updated_at, not what the form shows.
    assert client.post(edit_url(world), {**mine, "segment": "Retail"}).status_code == 302


def test_the_same_change_made_twice_is_no_conflict(world):
    client, mine = opened_form(world, world.manager)
    other, theirs = opened_form(world, world.director)
    other.post(edit_url(world), {**theirs, "segment": "Retail"})
    assert client.post(edit_url(world), {**mine, "segment": "Retail"}).status_code == 302


def test_a_team_change_shows_the_people_by_name(world):
    client, mine = opened_form(world, world.manager)
    other, theirs = opened_form(world, world.director)
    other.post(edit_url(world), {**theirs, "team": []})
    response = client.post(edit_url(world), {**mine, "segment": "Retail"})
    theirs_shown, mine_shown = conflict_of(response)["team"]
    assert theirs_shown == "(empty)"
    assert world.teammate.display_name in mine_shown
