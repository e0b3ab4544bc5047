from django.test import Client
from django.urls import reverse

from keyfolio.conftest import add_member
from keyfolio.feeds.models import FeedToken
from keyfolio.feeds.tests.conftest import feed_for
from keyfolio.workspaces.models import Role


def _page(world) -> str:
    return reverse("feeds:calendar", args=[world.slug])


def test_it_offers_to_make_a_link(world):
    response = world.client_for(world.manager).get(_page(world))

    assert response.status_code == 200
    assert "You have no calendar feed in this workspace." in response.content.decode()


def test_the_user_menu_leads_to_it(world):
    response = world.client_for(world.manager).get(reverse("accounts:list", args=[world.slug]))

    assert _page(world) in response.content.decode()


def test_it_shows_a_new_link_once_and_keeps_only_its_hash(world):
    client = world.client_for(world.manager)

    response = client.post(reverse("feeds:calendar_create", args=[world.slug]))

    html = response.content.decode()
    feed = FeedToken.objects.get(user=world.manager, workspace=world.workspace)
    [url] = [word for word in html.split('"') if word.startswith("http") and ".ics" in word]
    assert url.startswith("https://kam.example.com/feeds/")
    token = url.removeprefix("https://kam.example.com/feeds/").removesuffix(".ics")
    assert token not in feed.token_hash
    assert Client().get(url.removeprefix("https://kam.example.com")).status_code == 200
    # The page seen again tells when the link was made and fetched, not the link.
    again = client.get(_page(world)).content.decode()
    assert token not in again
    assert "Last fetched" in again and "Turn the feed off" in again


def test_it_turns_the_feed_off(world):
    path = feed_for(world.manager, world.workspace)
    client = world.client_for(world.manager)

    response = client.post(reverse("feeds:calendar_revoke", args=[world.slug]), follow=True)

    assert "Your calendar feed is off: its link no longer works." in response.content.decode()
    assert not FeedToken.objects.exists()
    assert Client().get(path).status_code == 404


def test_it_turns_off_only_ones_own_feed(world):
    path = feed_for(world.teammate, world.workspace)

    world.client_for(world.manager).post(reverse("feeds:calendar_revoke", args=[world.slug]))

    assert Client().get(path).status_code == 200


def test_a_link_is_per_workspace(world):
    add_member(world.other_workspace, world.manager, Role.MANAGER)
    in_acme = feed_for(world.manager, world.workspace)

    world.client_for(world.manager).post(
        reverse("feeds:calendar_create", args=[world.other_workspace.slug])
    )

    assert Client().get(in_acme).status_code == 200
    assert FeedToken.objects.filter(user=world.manager).count() == 2
