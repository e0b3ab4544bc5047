"""The attention list: what needs me this week (the page, its badge, the queue's scope)."""

from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.activities.tests.factories import make_contact
from keyfolio.method.playbook import Status
from keyfolio.playbook.queue import AttentionQueue, Scope
from keyfolio.playbook.tests.factories import busy_portfolio, folded_items, make_action
from keyfolio.playbook.workqueue import PAGE_SIZE
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.testing import is_page
from keyfolio.workspaces.models import Membership


@pytest.fixture
def today():
    return timezone.localdate()


def attention_url(world, who: str | None = None) -> str:
    url = reverse("playbook:attention", args=[world.slug])
    return f"{url}?who={who}" if who else url


def membership(world, user) -> Membership:
    return Membership.objects.select_related("workspace").get(workspace=world.workspace, user=user)


def attention_items(viewer, *, today, scope):
    return list(AttentionQueue(viewer, today=today, scope=scope))


def items_for(world, user, today, scope=None):
    return attention_items(membership(world, user), today=today, scope=scope or Scope.of(user))


def red_count(items) -> int:
    return sum(1 for item in items if item.severity == Status.RED)


def portfolio_account(world, name, *, client, our, revenue, today, assessed_days_ago=1):
    account = Account.objects.create(workspace=world.workspace, name=name, owner=world.manager)
    assess(account, client=client, our=our, on=today - timedelta(days=assessed_days_ago))
    RevenueEntry.objects.create(
        workspace=world.workspace, account=account, month=month_start(today, 2), amount=revenue
    )
    return account


@pytest.fixture
def portfolio(world, today, django_capture_on_commit_callbacks):
    """Three accounts of the manager besides Northwind (never assessed): Alpha (key, small
    revenue, assessed 80 days ago: amber), Bravo (target, more revenue, one action overdue
    and one due in three days), Charlie (key, the most revenue)."""
    with django_capture_on_commit_callbacks(execute=True):
        portfolio_account(
            world, "Alpha", client=70, our=70, revenue=100, today=today, assessed_days_ago=80
        )
        bravo = portfolio_account(world, "Bravo", client=70, our=30, revenue=1000, today=today)
        portfolio_account(world, "Charlie", client=70, our=70, revenue=5000, today=today)
        make_action(
            bravo, title="Send the quote", owner=world.manager, due=today - timedelta(days=2)
        )
        make_action(bravo, title="Call Anna", owner=world.manager, due=today + timedelta(days=3))
        make_action(bravo, title="Later", owner=world.manager, due=today + timedelta(days=7))
        make_action(
            bravo, title="Done", owner=world.manager, due=today - timedelta(days=9), done=today
        )
        make_action(bravo, title="Someone else's", owner=world.teammate, due=today)
    return world


def test_it_orders_by_severity_then_importance_then_due_date(portfolio, today):
    items = items_for(portfolio, portfolio.manager, today)
    severities = [item.severity for item in items]
    assert severities == sorted(severities, key=lambda s: s != Status.RED)
    reds = [item for item in items if item.severity == Status.RED]
    # Key accounts by revenue, then the target account, then the one never assessed.
    accounts = list(dict.fromkeys(item.account.name for item in reds))
    assert accounts == ["Charlie", "Alpha", "Bravo", "Northwind"]
    bravo = [item.check for item in reds if item.account.name == "Bravo"]
    assert bravo[0] == "action_overdue"  # Dated, so before the account's checks.
    assert bravo[1:4] == ["executive_contact", "joint_strategy", "new_offer"]
    ambers = [(item.account.name, item.check) for item in items if item.severity == Status.AMBER]
    assert ambers == [("Alpha", "assessment_fresh"), ("Bravo", "action_due")]


def test_it_lists_my_actions_due_this_week_or_overdue_only(portfolio, today):
    actions = [i for i in items_for(portfolio, portfolio.manager, today) if i.is_action]
    assert [(a.suggestion, a.severity, a.reason) for a in actions] == [
        ("Send the quote", Status.RED, "Action overdue by 2 days"),
        ("Call Anna", Status.AMBER, "Action due in 3 days"),
    ]


def test_it_describes_checks_with_sentences_and_the_catalogs_next_step(portfolio, today):
    items = items_for(portfolio, portfolio.manager, today)
    alpha = next(i for i in items if i.account.name == "Alpha" and i.check == "assessment_fresh")
    assert alpha.reason == "Last assessed 80 days ago: the limit of 90 is near"
    assert alpha.suggestion == "Re-assess the account with the account team."
    assert alpha.owner == portfolio.manager
    assert alpha.as_record() == {
        "account": "Alpha",
        "check": "assessment_fresh",
        "severity": "amber",
        "reason": "Last assessed 80 days ago: the limit of 90 is near",
        "suggestion": "Re-assess the account with the account team.",
    }


def test_it_leaves_green_checks_and_archived_accounts_out(
    portfolio, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_contact(portfolio.account, "A")
        make_contact(portfolio.account, "B")
        make_contact(portfolio.account, "C")
    items = items_for(portfolio, portfolio.manager, today)
    assert ("Northwind", "multi_threaded") not in {(i.account.name, i.check) for i in items}
    with django_capture_on_commit_callbacks(execute=True):
        Account.objects.get(name="Charlie").archive()
    assert "Charlie" not in {i.account.name for i in items_for(portfolio, portfolio.manager, today)}


def test_a_team_member_sees_the_accounts_of_the_team_and_their_own_actions(portfolio, today):
    northwind = make_action(portfolio.account, title="Mine", owner=portfolio.teammate, due=today)
    make_action(portfolio.account, title="Max's", owner=portfolio.manager, due=today)
    items = items_for(portfolio, portfolio.teammate, today)
    assert {i.account.name for i in items} == {"Northwind"}
    assert [i.action for i in items if i.is_action] == [northwind]
    # Their action on Bravo, an account they may not see, stays out of their list.
    assert "Someone else's" not in {i.suggestion for i in items}


def test_an_outsider_sees_nothing_of_others_accounts(portfolio, today):
    assert items_for(portfolio, portfolio.outsider, today) == []


def test_a_director_sees_the_whole_team_or_one_member(portfolio, today):
    director = membership(portfolio, portfolio.director)
    assert attention_items(director, today=today, scope=Scope.of(portfolio.director)) == []
    team = attention_items(director, today=today, scope=Scope.whole_team())
    assert {i.account.name for i in team} == {"Alpha", "Bravo", "Charlie", "Northwind"}
    assert "Someone else's" in {i.suggestion for i in team}
    managers = attention_items(director, today=today, scope=Scope.of(portfolio.manager))
    assert managers == items_for(portfolio, portfolio.manager, today)


def test_a_manager_cannot_look_beyond_what_they_see(portfolio, today):
    outsider = membership(portfolio, portfolio.outsider)
    assert attention_items(outsider, today=today, scope=Scope.whole_team()) == []
    assert attention_items(outsider, today=today, scope=Scope.of(portfolio.manager)) == []


def test_the_page_lists_my_items(portfolio, today):
    response = portfolio.client_for(portfolio.manager).get(attention_url(portfolio))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["who"].value == "me"
    assert response.context["counts"].red == red_count(
        items_for(portfolio, portfolio.manager, today)
    )
    client = portfolio.client_for(portfolio.manager)
    for name in ("Alpha", "Bravo", "Northwind"):
        body += folded_items(client, portfolio, Account.objects.get(name=name))
    assert "Last assessed 80 days ago: the limit of 90 is near" in body
    assert "Send the quote" in body
    assert response.context["show_owner"] is False
    assert "Whole team" not in body  # Managers get no switch.
    assert reverse("playbook:create_action", args=[portfolio.slug, portfolio.account.pk]) in body


def test_a_manager_asking_for_the_team_gets_their_own_list(portfolio):
    response = portfolio.client_for(portfolio.manager).get(attention_url(portfolio, "team"))
    assert response.context["who"].value == "me"


def test_a_director_switches_to_the_team_or_a_member(portfolio):
    client = portfolio.client_for(portfolio.director)
    team = client.get(attention_url(portfolio, "team"))
    assert team.context["who"].value == "team"
    assert team.context["show_owner"] is True
    assert "Max Manager" in team.content.decode()
    member = client.get(attention_url(portfolio, str(portfolio.teammate.pk)))
    assert member.context["who"].person.value == str(portfolio.teammate.pk)
    assert "The accounts of Tom Teammate and those where they have an action due." in (
        member.content.decode()
    )
    assert {g.account.name for g in member.context["groups"]} == {"Northwind", "Bravo"}
    # A stranger's id is no member: the director's own list.
    unknown = client.get(attention_url(portfolio, str(portfolio.stranger.pk)))
    assert unknown.context["who"].value == "me"


def test_a_director_starts_on_the_whole_team_and_may_ask_for_their_own(portfolio):
    client = portfolio.client_for(portfolio.director)
    assert client.get(attention_url(portfolio)).context["who"].value == "team"
    assert client.get(attention_url(portfolio, "me")).context["who"].value == "me"


def test_it_answers_htmx_with_the_list_alone(portfolio):
    response = portfolio.client_for(portfolio.director).get(
        attention_url(portfolio, "team"), headers={"HX-Request": "true"}
    )
    assert not is_page(response)
    assert "Bravo" in response.content.decode()


def test_a_viewer_sees_the_list_without_create_buttons(portfolio):
    response = portfolio.client_for(portfolio.viewer).get(attention_url(portfolio))
    assert {g.account.name for g in response.context["groups"]} == {"Northwind"}
    assert "Create action" not in response.content.decode()


def test_it_says_when_nothing_needs_attention(world):
    body = world.client_for(world.outsider).get(attention_url(world)).content.decode()
    assert "Nothing needs attention this week" in body


def test_the_navbar_links_to_the_list_and_loads_the_badge_later(world):
    body = world.client_for(world.manager).get(attention_url(world)).content.decode()
    badge_url = reverse("playbook:attention_badge", args=[world.slug])
    assert f'data-kf-attention-badge="{badge_url}"' in body
    assert "keyfolio/js/playbook.js" in body


def badge(world, user):
    return world.client_for(user).get(reverse("playbook:attention_badge", args=[world.slug]))


def test_the_badge_counts_my_red_items(portfolio, today):
    response = badge(portfolio, portfolio.manager)
    expected = red_count(items_for(portfolio, portfolio.manager, today))
    assert expected > 1
    assert response.json() == {"red": expected, "title": f"{expected} items need action"}
    assert "max-age=60" in response["Cache-Control"]


def test_the_badge_is_zero_when_nothing_is_red(world):
    assert badge(world, world.outsider).json()["red"] == 0


@pytest.fixture
def busy(world, today, django_capture_on_commit_callbacks):
    def build(size: int, prefix: str = "Busy"):
        with django_capture_on_commit_callbacks(execute=True):
            return busy_portfolio(world, size, today=today, prefix=prefix)

    return build


@pytest.mark.parametrize("size", [5, 40])
def test_the_page_runs_a_constant_number_of_queries(world, django_assert_num_queries, busy, size):
    busy(size)
    client = world.client_for(world.manager)
    # Session, user, membership; my accounts and my due actions; the counts; the page of
    # accounts; their checks, running snoozes, open actions (planned suggestions) and due
    # actions; the catalog.
    with django_assert_num_queries(12):
        response = client.get(attention_url(world))
    groups = response.context["groups"]
    assert len(groups) == min(PAGE_SIZE, response.context["page"].paginator.count)
    items = [item for group in groups for item in group.items]
    assert any(i.is_action for i in items) and any(not i.is_action for i in items)


@pytest.mark.parametrize("size", [5, 40])
def test_the_team_view_runs_a_constant_number_of_queries(
    world, django_assert_num_queries, busy, size
):
    busy(size)
    client = world.client_for(world.director)
    # As above, with the members for the switch and without my accounts and actions (the
    # whole workspace is the team).
    with django_assert_num_queries(11):
        response = client.get(attention_url(world, "team"))
    assert any(i.is_action for g in response.context["groups"] for i in g.items)


def test_the_page_weighs_the_same_however_long_the_queue(world, busy):
    """A page shows one page of accounts: 60 accounts' queue weighs what 26 accounts'
    does."""
    client = world.client_for(world.director)
    busy(26)
    small = client.get(attention_url(world, "team"))
    busy(34, prefix="More")
    big = client.get(attention_url(world, "team"))
    assert small.context["page"].paginator.count >= PAGE_SIZE
    assert big.context["page"].paginator.count > 2 * small.context["page"].paginator.count
    assert len(big.content) < 1.2 * len(small.content)
    # Fifteen accounts with their headline alone: the other items (about eight an
    # account, with their buttons) are fetched when a row is opened. All of them weighed
    # 227 KB.
    assert len(big.content) < 60_000


def items_url(world, account, **params) -> str:
    url = reverse("playbook:account_items", args=[world.slug, account.pk])
    return f"{url}?{urlencode(params)}" if params else url


def test_a_row_folds_its_other_items_behind_a_link_to_them(world, busy):
    account = busy(1)[0]
    body = world.client_for(world.manager).get(attention_url(world, "me") + "&show=red")
    row = body.content.decode()
    url = items_url(world, account, who="me", show="red")
    assert f'hx-get="{escape(url)}"' in row and f'href="{escape(url)}"' in row
    assert 'hx-trigger="toggle once from:closest details"' in row


@pytest.mark.parametrize("size", [5, 40])
def test_an_accounts_folded_items_read_that_account_alone(
    world, django_assert_num_queries, busy, size
):
    account = busy(size)[0]
    client = world.client_for(world.manager)
    # Session, user, membership; the account; its rank's day; its checks, running
    # snoozes, open actions (planned suggestions) and due actions; the catalog.
    with django_assert_num_queries(11):
        response = client.get(items_url(world, account), headers={"HX-Request": "true"})
    group = response.context["group"]
    assert group.account == account and len(group.rest) > 1
    assert not is_page(response)
    body = response.content.decode()
    assert all(item.reason in body for item in group.rest)
    assert group.top.reason not in body  # The headline stays on the page.


def test_the_folded_items_lead_back_to_the_page_they_were_opened_on(world, busy):
    account = busy(1)[0]
    response = world.client_for(world.manager).get(
        items_url(world, account, who="me", page="1"), headers={"HX-Request": "true"}
    )
    back = attention_url(world, "me") + "&page=1"
    assert f"next={quote(back, safe='/')}" in response.content.decode()


def test_without_javascript_the_folded_items_are_a_page(world, busy):
    account = busy(1)[0]
    response = world.client_for(world.manager).get(items_url(world, account, who="me"))
    assert is_page(response)
    body = response.content.decode()
    assert f"More items of {account.name}" in body
    assert f'href="{escape(attention_url(world, "me"))}"' in body


def test_the_folded_items_are_the_accounts_readers_only(portfolio):
    url = items_url(portfolio, portfolio.account)
    assert portfolio.client_for(portfolio.teammate).get(url).status_code == 200
    assert portfolio.client_for(portfolio.outsider).get(url).status_code == 404
    foreign = items_url(portfolio, portfolio.foreign_account)
    assert portfolio.client_for(portfolio.owner).get(foreign).status_code == 404
