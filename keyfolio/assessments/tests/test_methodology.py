"""The methodology page: criteria, weights and thresholds, saved as new versions."""

from dataclasses import replace

import pytest
from django.contrib.messages import get_messages

from keyfolio.assessments.models import Methodology
from keyfolio.assessments.services import (
    CriterionDraft,
    criterion_draft_of,
    methodology_revise,
)
from keyfolio.assessments.tests.helpers import assess, form_post, methodology_post, url
from keyfolio.testing import unnamed_fields


def current(world) -> Methodology:
    return Methodology.objects.current_for(world.workspace)


def save(world, changes=None, person=None):
    data = methodology_post(current(world), changes)
    return world.client_for(person or world.admin).post(url(world, "methodology"), data)


def versions(world) -> list[int]:
    return list(
        Methodology.objects.filter(workspace=world.workspace)
        .order_by("version")
        .values_list("version", flat=True)
    )


def revise_untouched(world, times: int) -> None:
    for n in range(times):
        methodology = current(world)
        methodology_revise(
            workspace=world.workspace,
            user=world.owner,
            criteria=[criterion_draft_of(c) for c in methodology.criteria.all()],
            threshold_client=50 + n % 2,
            threshold_our=50,
            note=f"Revision {n}",
        )


def test_it_shows_the_version_history_thresholds_and_criteria(world):
    revise_untouched(world, 1)
    response = world.client_for(world.owner).get(url(world, "methodology"))
    text = response.text
    assert "version 2" in text
    assert "Revision 0" in text
    assert "Olga Owner" in text
    assert 'name="threshold_client"' in text
    assert 'name="c-prices-label_ru"' in text
    assert 'name="c-prices-key"' not in text  # Keys and axes are not editable.
    assert 'name="new-0-key"' in text
    assert [group.title for group in response.context["editor"].groups()] == [
        "Client position — how attractive the client is",
        "Our position — how strong we are with the client",
    ]


def test_it_makes_no_version_when_nothing_changed(world):
    response = save(world, {"note": "just looking"})
    assert response.status_code == 302
    assert versions(world) == [1]
    [message] = get_messages(response.wsgi_request)
    assert "Nothing changed" in str(message)


def test_it_saves_a_change_as_a_new_version(world):
    response = save(
        world, {"c-prices-weight": "2,5".replace(",", "."), "note": "Prices weigh more"}
    )
    assert response.status_code == 302
    assert versions(world) == [1, 2]
    revised = current(world)
    assert revised.note == "Prices weigh more"
    assert revised.created_by == world.admin
    assert revised.criteria.get(key="prices").weight == 2.5
    assert revised.criteria.count() == 15
    original = Methodology.objects.get(workspace=world.workspace, version=1)
    assert original.criteria.get(key="prices").weight == 1
    [message] = get_messages(response.wsgi_request)
    assert str(message) == "Version 2 saved. Earlier assessments keep version 1."


def test_it_changes_thresholds_labels_guides_and_order(world):
    save(
        world,
        {
            "threshold_client": "60",
            "threshold_our": "45.5",
            "c-prices-label_ru": "Наши цены",
            "c-prices-guide_en": "0: expensive · 100: cheap",
            "c-prices-position": "0",
        },
    )
    revised = current(world)
    assert (revised.threshold_client, revised.threshold_our) == (60, 45.5)
    prices = revised.criteria.get(key="prices")
    assert (prices.label_ru, prices.guide_en, prices.position) == (
        "Наши цены",
        "0: expensive · 100: cheap",
        0,
    )


def test_every_field_of_the_table_has_a_name_for_screen_readers(world):
    response = world.client_for(world.admin).get(url(world, "methodology"))
    assert unnamed_fields(response) == []
    assert 'aria-label="Label (English): Our prices (competitiveness)"' in response.content.decode()


def test_a_label_typed_on_two_lines_is_saved_on_one(world):
    save(world, {"c-prices-label_en": "Our prices\r\n  (against the market) "})
    assert current(world).criteria.get(key="prices").label_en == "Our prices (against the market)"


def test_it_retires_a_criterion(world):
    save(world, {"c-reputation-active": None})
    revised = current(world)
    assert not revised.criteria.get(key="reputation").active
    assert "reputation" not in {c.key for c in revised.active_criteria()}


def test_it_adds_criteria_at_the_end_of_their_axis(world):
    save(
        world,
        {
            "new-0-key": "delivery_terms",
            "new-0-axis": "our",
            "new-0-label_en": "Delivery terms",
            "new-0-label_ru": "Условия поставки",
            "new-0-weight": "2",
            "new-2-key": "market_share",
            "new-2-axis": "client",
            "new-2-label_en": "Market share",
            "new-2-label_ru": "Доля рынка",
        },
    )
    revised = current(world)
    delivery = revised.criteria.get(key="delivery_terms")
    assert (delivery.axis, delivery.weight, delivery.active) == ("our", 2, True)
    assert delivery.position == 15  # After competitive_advantages (14).
    assert revised.criteria.get(key="market_share").position == 7
    assert revised.criteria.count() == 17


def test_it_ignores_attempts_to_change_a_key_or_an_axis(world):
    save(world, {"c-prices-key": "cost", "c-prices-axis": "client", "c-prices-weight": "2"})
    prices = current(world).criteria.get(key="prices")
    assert prices.axis == "our"
    assert not current(world).criteria.filter(key="cost").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"threshold_client": "120"}, "threshold_client"),
        ({"threshold_our": "-5"}, "threshold_our"),
        ({"threshold_our": "half"}, "threshold_our"),
        ({"c-prices-weight": "-1"}, "c-prices-weight"),
        ({"c-prices-label_en": ""}, "c-prices-label_en"),
        (
            {
                "new-0-key": "prices",
                "new-0-axis": "our",
                "new-0-label_en": "P",
                "new-0-label_ru": "Ц",
            },
            "new-0-key",
        ),
        (
            {
                "new-0-key": "not a slug",
                "new-0-axis": "our",
                "new-0-label_en": "X",
                "new-0-label_ru": "Х",
            },
            "new-0-key",
        ),
        (
            {"new-0-key": "delivery", "new-0-label_en": "D", "new-0-label_ru": "Д"},
            "new-0-axis",
        ),
    ],
)
def test_it_refuses_bad_values_and_saves_nothing(world, changes, field):
    response = save(world, changes)
    assert response.status_code == 200
    assert f'id="id_{field}"' in response.text
    assert "Nothing was saved" in response.text
    editor = response.context["editor"]
    forms = [editor.settings, *editor.rows, *editor.new_rows]
    errors = {
        f"{form.prefix}-{name}" if form.prefix else name for form in forms for name in form.errors
    }
    assert errors == {field}
    assert versions(world) == [1]


def test_it_refuses_two_new_criteria_with_one_key(world):
    row = {"axis": "our", "label_en": "Delivery", "label_ru": "Доставка", "key": "delivery"}
    changes = {f"new-{i}-{name}": value for i in (0, 1) for name, value in row.items()}
    response = save(world, changes)
    assert response.status_code == 200
    assert "Two new criteria cannot share a key." in response.text
    assert versions(world) == [1]


def test_it_keeps_an_active_weighted_criterion_on_each_axis(world):
    our_keys = current(world).criteria.filter(axis="our").values_list("key", flat=True)
    changes = {f"c-{key}-weight": "0" for key in our_keys}
    response = save(world, changes)
    assert response.status_code == 200
    assert "Each axis needs at least one active criterion with a positive weight" in response.text
    assert versions(world) == [1]


def revise_as(world, person, *, weights=None, threshold_client=None, added=()):
    """Someone else saves the next version: `weights` by key, a threshold, new criteria."""
    methodology = current(world)
    drafts = [criterion_draft_of(c) for c in methodology.criteria.all()]
    drafts = [replace(d, weight=(weights or {}).get(d.key, d.weight)) for d in drafts]
    return methodology_revise(
        workspace=world.workspace,
        user=person,
        criteria=[*drafts, *added],
        threshold_client=threshold_client or methodology.threshold_client,
        threshold_our=methodology.threshold_our,
        note="Theirs",
    )


def post_again(response, changes: dict) -> dict:
    """The refused page as its browser posts it again: the fields as they were typed,
    the versions moved on to the current one, and the choices made in `changes`."""
    editor = response.context["editor"]
    data = dict(response.wsgi_request.POST.items())
    for form in (editor.settings, *editor.rows):
        name = form.add_prefix("version")
        data[name] = form.data.get(name) or form["version"].value()
    return {**data, **changes}


def test_it_refuses_a_save_over_a_newer_version_and_shows_both(world):
    stale = methodology_post(current(world), {"c-prices-weight": "3", "threshold_client": "60"})
    revise_as(world, world.owner, weights={"prices": 2}, threshold_client=70)
    response = world.client_for(world.admin).post(url(world, "methodology"), stale)
    assert response.status_code == 200
    assert "Someone else (Olga Owner) saved version 2 while you were editing." in response.text
    assert "Your changes are not saved yet." in response.text
    assert versions(world) == [1, 2]
    theirs = current(world)
    assert (theirs.threshold_client, theirs.criteria.get(key="prices").weight) == (70, 2)
    conflict = {
        item["label"]: (item["theirs"], item["yours"])
        for item in response.context["editor"].conflict
    }
    assert conflict == {
        "Client position threshold": ("70.0", "60.0"),
        "Our prices (competitiveness): weight": ("2.0", "3.0"),
    }
    # What was typed stays in the boxes.
    assert 'name="c-prices-weight" value="3"' in response.text
    assert 'name="merge-c-prices-weight" value="theirs"' in response.text


def test_it_shows_the_conflict_in_the_readers_language(world):
    world.admin.language = "ru"
    world.admin.save()
    stale = methodology_post(current(world), {"c-prices-weight": "3"})
    revise_as(world, world.owner, weights={"prices": 2})
    client = world.client_for(world.admin)
    response = client.post(url(world, "methodology"), stale, HTTP_ACCEPT_LANGUAGE="ru")
    [item] = response.context["editor"].conflict
    assert item["label"].startswith("Цены: ")


def test_a_merged_save_keeps_what_was_chosen(world):
    stale = methodology_post(
        current(world),
        {"c-prices-weight": "3", "threshold_client": "60", "c-service_quality-label_en": "Quality"},
    )
    revise_as(world, world.owner, weights={"prices": 2}, threshold_client=70)
    client = world.client_for(world.admin)
    refused = client.post(url(world, "methodology"), stale)
    merged = post_again(refused, {"merge-threshold_client": "theirs", "note": "Merged"})
    response = client.post(url(world, "methodology"), merged)
    assert response.status_code == 302
    assert versions(world) == [1, 2, 3]
    saved = current(world)
    assert saved.threshold_client == 70  # Theirs, as chosen.
    assert saved.criteria.get(key="prices").weight == 3  # Mine.
    assert saved.criteria.get(key="service_quality").label_en == "Quality"  # Mine, not in conflict.
    assert saved.note == "Merged"


def test_a_criterion_added_meanwhile_is_kept(world):
    stale = methodology_post(current(world), {"c-prices-label_en": "Prices"})
    added = CriterionDraft(key="delivery", axis="our", label_en="Delivery", label_ru="Доставка")
    revise_as(world, world.owner, added=[added])
    response = world.client_for(world.admin).post(url(world, "methodology"), stale)
    assert response.status_code == 302
    saved = current(world)
    assert saved.version == 3
    assert saved.criteria.get(key="prices").label_en == "Prices"
    assert saved.criteria.get(key="delivery").label_en == "Delivery"


def test_it_asks_only_about_the_parts_someone_else_changed(world):
    stale = methodology_post(current(world), {"c-prices-label_en": "Prices", "threshold_our": "40"})
    revise_as(world, world.owner, weights={"service_quality": 2}, threshold_client=70)
    response = world.client_for(world.admin).post(url(world, "methodology"), stale)
    # The thresholds and the service quality row changed: their fields that differ are
    # asked about; the prices row, which only this person changed, is not.
    assert response.status_code == 200
    assert {item["label"] for item in response.context["editor"].conflict} == {
        "Client position threshold",
        "Our position threshold",
        "Quality of additional services: weight",
    }
    assert versions(world) == [1, 2]


def test_a_post_without_versions_is_not_checked(world):
    data = methodology_post(current(world), {"c-prices-weight": "3"})
    data = {k: v for k, v in data.items() if not k.endswith("version")}
    revise_as(world, world.owner, weights={"prices": 2})
    response = world.client_for(world.admin).post(url(world, "methodology"), data)
    assert response.status_code == 302
    assert current(world).criteria.get(key="prices").weight == 3


def test_old_assessments_keep_their_version_and_new_ones_use_the_new(world):
    old = assess(world.account, client=80, our=30, assessor=world.manager)
    save(
        world,
        {
            "threshold_client": "90",
            "c-reputation-active": None,
            "c-prices-label_en": "Price level",
            "new-0-key": "delivery_terms",
            "new-0-axis": "our",
            "new-0-label_en": "Delivery terms",
            "new-0-label_ru": "Условия поставки",
        },
    )
    manager = world.client_for(world.manager)

    page = manager.get(url(world, "detail", old.pk))
    assert "Our company&#x27;s reputation" in page.text
    assert "Our prices (competitiveness)" in page.text
    assert "Delivery terms" not in page.text
    assert "version 1" in page.text
    old.refresh_from_db()
    assert (old.client_index, old.our_index, old.zone) == (80, 30, "target")

    form = manager.get(url(world, "create", world.account.pk)).context["form"]
    keys = {c.key for c in form.criteria}
    assert "delivery_terms" in keys
    assert "reputation" not in keys
    data = form_post({"delivery_terms": "30"}, client="80", our="30")
    del data["score_reputation"]
    manager.post(url(world, "create", world.account.pk), data)
    new = world.account.assessments.latest("created_at")
    assert new.methodology.version == 2
    assert new.zone == "reconsider"  # Client 80 is below the new client threshold of 90.
    assert new.scores.count() == 15


@pytest.mark.parametrize("revisions", [1, 9])
def test_it_renders_in_constant_queries(world, django_assert_num_queries, revisions):
    revise_untouched(world, revisions)
    client = world.client_for(world.admin)
    # Session, user, membership, the current version, its criteria, the history.
    with django_assert_num_queries(6):
        response = client.get(url(world, "methodology"))
    assert len(response.context["history"]) == revisions + 1
