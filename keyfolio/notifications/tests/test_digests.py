"""The weekly digest: who gets it, what it says, in which language, at what cost."""

import pytest
from django.utils import translation

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.notifications.emails import digest_message
from keyfolio.notifications.selectors import (
    MAX_ACCOUNTS,
    MAX_ACTIONS,
    MAX_ZONE_CHANGES,
    digest_for,
)
from keyfolio.notifications.services import digests_send
from keyfolio.playbook.refresh import checks_refresh_stale
from keyfolio.workspaces.models import Membership

from .conftest import TODAY, action, assess, days, html_of, to

CLIENT_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == Axis.CLIENT]

SITE = "https://kam.example.com"


@pytest.fixture
def northwind(world):
    """Northwind, owned by the manager: assessed 80 days ago, so its assessment check
    is amber (limit 90, warning 14), while the rule checks are red; an action overdue."""
    assess(world.account, "target", days(-80))
    action(world.account, world.manager, days(-2), "Send the proposal")
    return world.account


def test_it_groups_the_digest_red_then_amber_then_actions(world, outbox, northwind):
    digests_send(today=TODAY)

    [message] = to(world.manager.email)
    body = message.body
    red, amber, actions = (
        body.index("Needs you now"),
        body.index("Coming up"),
        body.index("Actions due this week"),
    )
    assert red < amber < actions
    assert red < body.index("No executive contact recorded (limit 90 days)") < amber
    assert amber < body.index("Last assessed 80 days ago: the limit of 90 is near") < actions
    assert actions < body.index("Send the proposal") < body.index("Action overdue by 2 days")
    html = html_of(message)
    assert (
        html.index('data-section="red"')
        < html.index('data-section="amber"')
        < html.index('data-section="action"')
    )


def test_it_sends_text_and_html_with_absolute_links(world, outbox, northwind):
    digests_send(today=TODAY)

    [message] = to(world.manager.email)
    assert message.content_subtype == "plain"
    assert "<" not in message.body
    html = html_of(message)
    assert html.startswith("<!doctype html>")
    attention = f"{SITE}/w/acme/attention/"
    account = f"{SITE}/w/acme/accounts/{northwind.pk}/"
    for part in (message.body, html):
        assert attention in part
        assert account in part
    assert f'href="{account}"' in html
    assert f'href="{attention}"' in html


def test_it_counts_the_accounts_that_need_you_in_the_subject(world, outbox, northwind):
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    assess(other, "key", days(-5))

    digests_send(today=TODAY)

    [message] = to(world.manager.email)
    assert message.subject == "Keyfolio · your week: 2 accounts need you"
    assert "2 accounts in Acme need you this week." in message.body


def test_it_sends_nothing_to_a_viewer(world, outbox, northwind):
    # The viewer is on Northwind's team and even owns an overdue action.
    action(northwind, world.viewer, days(-1), "Read the file")

    digests_send(today=TODAY)

    assert to(world.viewer.email) == []
    assert to(world.manager.email) != []


def test_it_shows_a_manager_only_their_accounts(world, outbox, northwind):
    contoso = Account.objects.create(
        workspace=world.workspace, name="Contoso", owner=world.outsider
    )
    assess(contoso, "key", days(-200))

    digests_send(today=TODAY)

    [mine] = to(world.manager.email)
    [theirs] = to(world.outsider.email)
    assert "Northwind" in mine.body and "Contoso" not in mine.body
    assert "Contoso" in theirs.body and "Northwind" not in theirs.body
    assert "Contoso" not in html_of(mine)


def test_it_skips_people_with_nothing_to_report(world, outbox, northwind):
    summary = digests_send(today=TODAY)

    # The manager owns Northwind and the teammate is on its team (and the stranger owns
    # an account in the other workspace); the owner, the admin, the director and the
    # outsider have nothing on their list and nothing moved.
    assert sorted(message.to[0] for message in outbox) == [
        world.manager.email,
        world.stranger.email,
        world.teammate.email,
    ]
    assert summary.sent == 3
    assert summary.nothing_to_say == 4


def test_it_tells_a_director_which_accounts_changed_zone(world, outbox):
    assess(world.account, "target", days(-10))
    assess(world.account, "key", days(-1))
    unmoved = Account.objects.create(workspace=world.workspace, name="Steady", owner=world.admin)
    assess(unmoved, "key", days(-10))

    digests_send(today=TODAY)

    [message] = to(world.director.email)
    assert message.subject == "Keyfolio · your week: 1 account changed zone"
    assert "Nothing on your attention list in Acme this week" in message.body
    assert "Northwind: Target ↑ Key" in message.body
    assert "Steady" not in message.body
    html = html_of(message)
    assert 'data-section="zones"' in html
    assert "#2f6fde" in html and "#168058" in html  # the target and key colours


def test_it_writes_to_each_person_in_their_language(world, outbox):
    language = translation.get_language()
    world.manager.language = "ru"
    world.manager.save()
    assess(world.account, "target", days(-10))
    assess(world.account, "key", days(-1))

    digests_send(today=TODAY)

    [russian] = to(world.manager.email)
    [english] = to(world.teammate.email)
    assert russian.extra_headers["Content-Language"] == "ru"
    assert english.extra_headers["Content-Language"] == "en"
    assert '<html lang="ru">' in html_of(russian)
    assert '<html lang="en">' in html_of(english)
    for part in (russian.body, html_of(russian)):
        assert "Здравствуйте!" in part
        assert "Целевой" in part and "Ключевой" in part  # the zones, from the catalog
    assert "Hello," in english.body and "Target ↑ Key" in english.body
    # Sending in Russian leaves the caller's language alone.
    assert translation.get_language() == language


def _portfolio(world, size: int) -> Membership:
    for n in range(size):
        account = Account.objects.create(
            workspace=world.workspace, name=f"Client {n:02}", owner=world.manager
        )
        assess(account, "target", days(-20))
        assess(account, "key", days(-1))
        action(account, world.manager, days(n % 5 - 2))
    # What the service does before it builds any digest.
    checks_refresh_stale(today=TODAY)
    return Membership.objects.select_related("workspace", "user").get(user=world.manager)


@pytest.mark.parametrize("size", [3, 30])
def test_it_builds_a_digest_in_constant_queries(world, outbox, django_assert_num_queries, size):
    membership = _portfolio(world, size)

    # The zone changes' one; the member's accounts and due actions; the red checks'
    # first accounts, how many there are, their lines, the open actions and the catalog;
    # the amber checks' first accounts (none here); the red actions, the amber ones, how
    # many; the accounts with a line.
    with django_assert_num_queries(13):
        digest = digest_for(membership, today=TODAY)
        message = digest_message(digest)

    assert digest.accounts_needing_attention == size + 1  # Northwind too
    assert len(digest.zone_changes) == min(size, MAX_ZONE_CHANGES)
    assert len({line.item.account.pk for line in digest.red.lines}) == min(size + 1, MAX_ACCOUNTS)
    assert digest.red.more == max(0, size + 1 - MAX_ACCOUNTS)
    assert len(digest.actions.lines) == min(size, MAX_ACTIONS)
    assert "Client 00" in message.body


def test_it_shows_the_first_of_each_part_and_says_how_many_more(world, outbox):
    _portfolio(world, 30)

    digests_send(today=TODAY)

    [message] = to(world.manager.email)
    body = message.body
    assert message.subject == "Keyfolio · your week: 31 accounts need you"
    # 31 accounts with red checks, 8 shown; 30 actions, 10 shown; 30 zone changes, 20 shown.
    assert "and 23 more: https://kam.example.com/w/acme/attention/" in body
    assert "and 20 more: https://kam.example.com/w/acme/attention/" in body
    assert "and 10 more: https://kam.example.com/w/acme/movement/" in body
    assert len(body) < 20_000


def test_it_never_shows_an_index_across_the_threshold_from_its_zone(world, outbox):
    """A client index of 49.96 is below the threshold of 50: the e-mail names the zone
    it is in, and shows no index that would read as 50 (indices, where a mail gives
    them, follow keyfolio.method.shown_index)."""
    assess(world.account, "key", days(-10))
    scores = {key: ScoreInput(49.96) for key in CLIENT_KEYS} | {"relationship": ScoreInput(80)}
    assessment_create(account=world.account, assessor=None, scores=scores, assessed_on=days(-1))

    digests_send(today=TODAY)

    [message] = to(world.director.email)
    assert "Northwind: Key ↓ Maintain" in message.body
    for text in (message.body, html_of(message)):
        assert "49.96" not in text and "50.0" not in text and "50,0" not in text
