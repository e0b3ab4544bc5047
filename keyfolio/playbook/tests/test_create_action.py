"""One click from a suggestion to an action."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from keyfolio.accounts.models import Account
from keyfolio.plans.models import Action
from keyfolio.playbook.models import Recommendation
from keyfolio.playbook.tests.factories import make_plan
from keyfolio.testing import is_page


def create_url(world, account=None) -> str:
    return reverse("playbook:create_action", args=[world.slug, (account or world.account).pk])


def suggestion(world, *, check_key="", criterion_key="", workspace=None) -> Recommendation:
    return Recommendation.objects.filter(
        workspace=workspace or world.workspace, check_key=check_key, criterion_key=criterion_key
    ).first()  # type: ignore[return-value]


def post(world, user, recommendation, *, htmx=False, account=None, **extra):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"recommendation": recommendation.pk if recommendation else "", **extra}
    return world.client_for(user).post(create_url(world, account), data, headers=headers)


def test_it_creates_the_action_the_suggestion_describes(world):
    plan = make_plan(world.account)
    item = suggestion(world, check_key="executive_contact")
    response = post(world, world.teammate, item)
    action = Action.objects.get(account=world.account)
    assert action.title == item.text_en
    assert action.rule == 1
    assert action.owner == world.manager  # The account's manager, not the one who clicked.
    assert action.due_on == timezone.localdate() + timedelta(days=14)
    assert action.plan == plan
    assert action.done_on is None
    assert response.status_code == 302
    assert response.url == reverse("dossier:overview", args=[world.slug, world.account.pk])


def test_it_gives_the_action_to_the_one_who_clicked_when_the_account_has_no_manager(world):
    world.account.owner = None
    world.account.save()
    post(world, world.teammate, suggestion(world, check_key="zone_held"))
    action = Action.objects.get(account=world.account)
    assert action.owner == world.teammate
    assert action.rule is None  # A general check serves no rule.
    assert action.plan is None  # No plan yet.


def test_it_takes_the_rule_of_a_criterion(world):
    post(world, world.manager, suggestion(world, criterion_key="relationship"))
    assert Action.objects.get(account=world.account).rule == 1


def test_it_names_the_action_in_the_clickers_language(world):
    item = suggestion(world, check_key="satisfaction")
    world.manager.language = "ru"
    world.manager.save()
    client = world.client_for(world.manager)
    with translation.override("ru"):
        client.post(
            create_url(world), {"recommendation": item.pk}, headers={"accept-language": "ru"}
        )
    assert Action.objects.get(account=world.account).title == item.text_ru


def test_it_answers_htmx_with_a_link_to_the_plan(world):
    response = post(world, world.manager, suggestion(world, check_key="new_offer"), htmx=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Action created" in body
    assert reverse("dossier:plan", args=[world.slug, world.account.pk]) + "#actions" in body
    assert not is_page(response)


def test_it_goes_back_to_a_safe_next_page(world):
    attention = reverse("playbook:attention", args=[world.slug])
    item = suggestion(world, check_key="new_offer")
    assert post(world, world.manager, item, next=attention).url == attention
    elsewhere = post(world, world.manager, item, next="https://evil.test/")
    assert elsewhere.url == reverse("dossier:overview", args=[world.slug, world.account.pk])


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_those_who_edit_the_account_create(world, person):
    response = post(world, getattr(world, person), suggestion(world, check_key="resources"))
    assert response.status_code == 302
    assert Action.objects.filter(account=world.account).count() == 1


def test_it_is_404_for_a_suggestion_of_another_workspace(world):
    foreign = suggestion(world, check_key="resources", workspace=world.other_workspace)
    assert post(world, world.manager, foreign).status_code == 404
    assert post(world, world.manager, None).status_code == 404
    assert not Action.objects.exists()


def test_it_shows_the_suggestion_as_planned_afterwards(world):
    item = suggestion(world, check_key="executive_contact")
    detail = reverse("dossier:overview", args=[world.slug, world.account.pk])
    client = world.client_for(world.manager)
    before = client.get(detail).context["playbook"].rows[0]
    post(world, world.manager, item)
    after = client.get(detail).context["playbook"].rows[0]
    assert (before.next_step.planned, after.next_step.planned) == (False, True)


def test_it_is_not_offered_on_an_archived_account(world):
    Account.objects.filter(pk=world.account.pk).update(archived_at=timezone.now())
    detail = reverse("dossier:overview", args=[world.slug, world.account.pk])
    body = world.client_for(world.manager).get(detail).content.decode()
    assert create_url(world) not in body
