"""The account's actions on the plan tab: add, edit, tick off, delete, filter."""

from datetime import date, timedelta

from django.utils import timezone

from keyfolio.plans import services
from keyfolio.plans.models import Action
from keyfolio.plans.tests.conftest import body, plan_tab_url, plans_url
from keyfolio.testing import HTMX

ACTION = {
    "title": "Invite the CFO to our seminar",
    "owner": "",
    "due_on": "2027-04-15",
    "rule": "1",
}


def new_url(world, plan=None) -> str:
    url = plans_url(world, "action_new", world.account.pk)
    return url + (f"?plan={plan.pk}" if plan else "")


def test_it_adds_an_action_to_the_account_and_the_plan_shown(world, plan):
    data = {**ACTION, "owner": world.teammate.pk}
    response = world.client_for(world.manager).post(new_url(world, plan), data, headers=HTMX)
    action = Action.objects.get()
    assert (action.account, action.plan, action.owner, action.rule) == (
        world.account,
        plan,
        world.teammate,
        1,
    )
    assert action.workspace == world.workspace
    page = body(response)
    assert page.lstrip().startswith(f'<tr id="action-{action.pk}"')
    assert "Leadership attention" in page
    # Its links keep the plan, so that a page without JavaScript comes back to it.
    assert f"/complete/?plan={plan.pk}" in page


def test_it_adds_an_action_without_a_plan(world):
    response = world.client_for(world.manager).post(new_url(world), ACTION)
    assert response.status_code == 302
    assert Action.objects.get().plan is None


def test_it_shows_field_errors_and_saves_nothing(world, plan):
    data = {**ACTION, "title": "", "rule": "9", "owner": world.stranger.pk}
    response = world.client_for(world.manager).post(new_url(world, plan), data, headers=HTMX)
    assert set(response.context["form"].errors) == {"title", "rule", "owner"}
    assert not Action.objects.exists()


def test_it_ticks_an_action_off_and_reopens_it(world, plan):
    action = services.action_create(account=world.account, plan=plan, title="Call")
    url = plans_url(world, "action_complete", world.account.pk, action.pk)
    client = world.client_for(world.teammate)
    page = body(client.post(url, {"done": "1"}, headers=HTMX))
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert "kf-done" in page and 'name="done" value="0"' in page
    client.post(url, {"done": "0"}, headers=HTMX)
    action.refresh_from_db()
    assert action.done_on is None


def test_it_edits_an_action(world, plan):
    action = services.action_create(account=world.account, title="Old")
    url = plans_url(world, "action_edit", world.account.pk, action.pk)
    data = {**ACTION, "rule": "4", "done": "on"}
    world.client_for(world.manager).post(url, data, headers=HTMX)
    action.refresh_from_db()
    assert (action.title, action.rule, action.done_on) == (ACTION["title"], 4, timezone.localdate())


def test_it_deletes_an_action(world):
    action = services.action_create(account=world.account, title="Gone soon")
    url = plans_url(world, "action_delete", world.account.pk, action.pk)
    client = world.client_for(world.manager)
    assert "Delete this action?" in body(client.get(url))
    assert client.post(url).status_code == 302
    assert not Action.objects.exists()


def tab(world, query: str = ""):
    return world.client_for(world.manager).get(plan_tab_url(world, world.account.pk) + query)


def test_it_filters_the_list_by_state_owner_and_rule(world, plan):
    services.action_create(account=world.account, title="Mine", owner=world.manager, rule=1)
    theirs = services.action_create(
        account=world.account, title="Theirs", owner=world.teammate, rule=4
    )
    services.action_complete(action=theirs)

    def titles(query):
        return [a.title for a in tab(world, query).context["actions"]]

    assert titles("") == ["Mine"]
    assert titles("?actions=done") == ["Theirs"]
    assert titles(f"?actions=all&owner={world.teammate.pk}") == ["Theirs"]
    assert titles("?actions=all&rule=1") == ["Mine"]
    # A stale or foreign filter value is ignored rather than refused.
    assert titles(f"?actions=bogus&owner={world.stranger.pk}&rule=x") == ["Mine"]


def test_it_says_when_no_action_matches(world, plan):
    assert "No actions match these filters." in body(tab(world, "?actions=done"))


def test_it_shows_actions_on_the_tab_even_without_a_plan(world):
    services.action_create(account=world.account, title="From an activity", due_on=date(2020, 1, 1))
    response = tab(world)
    assert response.context["plan"] is None
    assert "From an activity" in body(response)
    assert "kf-overdue" in body(response)


def test_it_keeps_the_list_as_long_as_the_filters(world, plan):
    for n in range(3):
        services.action_create(
            account=world.account, title=f"A{n}", due_on=timezone.localdate() + timedelta(n)
        )
    assert len(tab(world).context["actions"]) == 3
