"""Settings: the catalog of suggested actions (admins only)."""

import pytest
from django.urls import reverse

from keyfolio.method.recommendations import CHECK_SUGGESTIONS, CRITERION_SUGGESTIONS
from keyfolio.playbook.models import Recommendation
from keyfolio.testing import HTMX, is_page, two_edit


def list_url(world) -> str:
    return reverse("playbook:recommendations", args=[world.slug])


def edit_url(world, item) -> str:
    return reverse("playbook:recommendation_edit", args=[world.slug, item.pk])


def row_url(world, item) -> str:
    return reverse("playbook:recommendation", args=[world.slug, item.pk])


def first(world, **keys) -> Recommendation:
    return Recommendation.objects.filter(workspace=world.workspace, **keys).first()  # type: ignore[return-value]


def test_it_lists_every_suggestion_by_criterion_then_check(world):
    response = world.client_for(world.admin).get(list_url(world))
    groups = response.context["groups"]
    assert response.status_code == 200
    assert groups[0].criterion_key == "client_growth"
    assert groups[0].label == "Client's growth rate"
    assert next(g.check_key for g in groups if g.check_key) == "executive_contact"
    assert sum(len(g.items) for g in groups) == sum(
        len(s) for s in [*CRITERION_SUGGESTIONS.values(), *CHECK_SUGGESTIONS.values()]
    )
    assert "Arrange a meeting between our management" in response.content.decode()


def test_it_adds_a_suggestion_after_the_others(world):
    data = {
        "key": "criterion:prices",
        "text_en": " Ask for a trial ",
        "text_ru": "Предложить пробу",
    }
    response = world.client_for(world.admin).post(list_url(world), data)
    assert response.status_code == 302
    added = Recommendation.objects.get(workspace=world.workspace, text_en="Ask for a trial")
    assert (added.criterion_key, added.check_key, added.position) == ("prices", "", 2)


def test_it_adds_a_suggestion_for_a_check(world):
    data = {"key": "check:zone_held", "text_en": "Escalate", "text_ru": "Эскалировать"}
    world.client_for(world.owner).post(list_url(world), data)
    assert first(world, text_en="Escalate").check_key == "zone_held"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"key": "", "text_en": "A", "text_ru": "Б"}, "key", "This field is required"),
        ({"key": "check:nope", "text_en": "A", "text_ru": "Б"}, "key", "Select a valid choice"),
        ({"key": "check:resources", "text_en": "A", "text_ru": " "}, "text_ru", "both languages"),
        ({"key": "check:resources", "text_en": "A" * 301, "text_ru": "Б"}, "text_en", "300"),
    ],
)
def test_it_refuses_a_bad_suggestion_and_saves_nothing(world, data, field, message):
    before = Recommendation.objects.count()
    response = world.client_for(world.admin).post(list_url(world), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Recommendation.objects.count() == before


def test_it_edits_a_suggestion_in_place(world):
    item = first(world, check_key="resources")
    client = world.client_for(world.admin)
    form = client.get(edit_url(world, item), headers=HTMX)
    assert "text_ru" in form.context["form"].fields
    data = {"text_en": "Name an owner", "text_ru": "Назначить владельца", "position": 4}
    response = client.post(edit_url(world, item), data | {"active": "on"}, headers=HTMX)
    assert response.status_code == 200
    assert "Name an owner" in response.content.decode()
    assert not is_page(response)
    item.refresh_from_db()
    assert (item.text_en, item.text_ru, item.position, item.active) == (
        "Name an owner",
        "Назначить владельца",
        4,
        True,
    )


def test_it_retires_a_suggestion(world):
    item = first(world, check_key="resources")
    data = {"text_en": item.text_en, "text_ru": item.text_ru, "position": item.position}
    response = world.client_for(world.admin).post(edit_url(world, item), data)  # No "active".
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.active is False
    row = world.client_for(world.admin).get(row_url(world, item)).content.decode()
    assert "retired" in row


def test_it_refuses_a_bad_edit_and_saves_nothing(world):
    item = first(world, check_key="resources")
    data = {"text_en": "", "text_ru": "Что-то", "position": -1, "active": "on"}
    response = world.client_for(world.admin).post(edit_url(world, item), data, headers=HTMX)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    fresh = Recommendation.objects.get(pk=item.pk)
    assert (fresh.text_en, fresh.position) == (item.text_en, item.position)


def test_it_shows_a_plain_edit_page_without_javascript(world):
    item = first(world, check_key="resources")
    response = world.client_for(world.admin).get(edit_url(world, item))
    assert is_page(response)


@pytest.mark.parametrize("extra", [0, 30])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, extra):
    Recommendation.objects.bulk_create(
        Recommendation(
            workspace=world.workspace,
            check_key="resources",
            text_en=f"E{n}",
            text_ru=f"Р{n}",
            position=10 + n,
        )
        for n in range(extra)
    )
    client = world.client_for(world.admin)
    # Session, user, membership; methodology, criteria; the suggestions.
    with django_assert_num_queries(6):
        client.get(list_url(world))


def test_a_save_over_a_newer_version_is_refused_and_the_merge_saved(world):
    item = Recommendation.objects.filter(workspace=world.workspace).first()

    def texts():
        item.refresh_from_db()
        return item.text_en, item.text_ru

    after_theirs, merged = two_edit(
        mine=world.client_for(world.owner),
        theirs=world.client_for(world.admin),
        url=edit_url(world, item),
        stored=texts,
        their_change={"text_en": "Their advice"},
        my_change={"text_en": "My advice", "text_ru": "Мой совет"},
    )
    assert after_theirs[0] == "Their advice"
    assert merged == ("Their advice", "Мой совет")
