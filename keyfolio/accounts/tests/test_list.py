from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess, make_accounts
from keyfolio.testing import is_page


def list_url(world, **params) -> str:
    url = reverse("accounts:list", args=[world.slug])
    if params:
        url += "?" + urlencode(params)
    return url


def names(response) -> list[str]:
    return [account.name for account in response.context["page"].object_list]


@pytest.mark.parametrize("person", ["owner", "director", "admin"])
def test_it_shows_every_account_to_directors_and_above(world, person):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.outsider)
    response = world.client_for(getattr(world, person)).get(list_url(world))
    assert response.status_code == 200
    assert names(response) == ["Contoso", "Northwind"]


def test_it_shows_a_manager_the_accounts_they_own(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.outsider)
    response = world.client_for(world.manager).get(list_url(world))
    assert names(response) == ["Northwind"]


def test_it_shows_a_teammate_the_accounts_of_their_team(world):
    response = world.client_for(world.teammate).get(list_url(world))
    assert names(response) == ["Northwind"]


def test_it_shows_an_outsider_none_of_the_accounts(world):
    response = world.client_for(world.outsider).get(list_url(world))
    assert response.status_code == 200
    assert names(response) == []
    assert "Northwind" not in response.content.decode()


def test_it_offers_new_account_to_managers_not_to_viewers(world):
    create_url = reverse("accounts:create", args=[world.slug])
    assert create_url in world.client_for(world.manager).get(list_url(world)).content.decode()
    assert create_url not in world.client_for(world.viewer).get(list_url(world)).content.decode()


def test_it_helps_when_there_is_no_account_yet(world):
    world.account.delete()
    response = world.client_for(world.manager).get(list_url(world))
    assert "No accounts yet" in response.content.decode()


def test_it_tells_no_match_from_no_account(world):
    response = world.client_for(world.manager).get(list_url(world, q="zzz"))
    body = response.content.decode()
    assert "No accounts match" in body
    assert "No accounts yet" not in body


def test_it_hides_archived_accounts_unless_asked(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    world.account.archive()
    client = world.client_for(world.manager)
    assert names(client.get(list_url(world))) == ["Contoso"]
    assert names(client.get(list_url(world, status="archived"))) == ["Northwind"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("north", ["Northwind"]),
        ("LOGISTICS", ["Northwind"]),
        ("chem", ["Contoso"]),
        ("germany", ["Contoso"]),
        ("ромаш", ["Ромашка"]),
        ("РОМАШКА", ["Ромашка"]),
        ("retail", ["Contoso", "Ромашка"]),
    ],
)
def test_it_searches_name_segment_industry_and_country_in_any_case(world, query, expected):
    world.account.segment = "Logistics"
    world.account.save()
    Account.objects.create(
        workspace=world.workspace,
        name="Contoso",
        segment="Retail",
        industry="Chemicals",
        country="Germany",
        owner=world.manager,
    )
    Account.objects.create(
        workspace=world.workspace, name="Ромашка", segment="Retail", owner=world.manager
    )
    response = world.client_for(world.owner).get(list_url(world, q=query))
    assert names(response) == expected


def test_it_filters_by_owner(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.outsider)
    response = world.client_for(world.director).get(list_url(world, owner=world.outsider.pk))
    assert names(response) == ["Contoso"]


def test_it_filters_by_segment(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", segment="Retail")
    response = world.client_for(world.director).get(list_url(world, segment="Retail"))
    assert names(response) == ["Contoso"]


def test_it_filters_by_zone_and_by_not_assessed(world):
    today = timezone.localdate()
    contoso = Account.objects.create(workspace=world.workspace, name="Contoso")
    assess(contoso, client=80, our=80, on=today)
    fabrikam = Account.objects.create(workspace=world.workspace, name="Fabrikam")
    assess(fabrikam, client=80, our=20, on=today)
    client = world.client_for(world.director)
    assert names(client.get(list_url(world, zone="key"))) == ["Contoso"]
    assert names(client.get(list_url(world, zone="target"))) == ["Fabrikam"]
    assert names(client.get(list_url(world, zone="none"))) == ["Northwind"]


def test_it_ignores_an_unknown_filter_value(world):
    response = world.client_for(world.director).get(list_url(world, zone="bogus", sort="pk"))
    assert response.status_code == 200
    assert names(response) == ["Northwind"]


@pytest.fixture
def scored(world):
    """Three assessed accounts and the unassessed Northwind."""
    today = timezone.localdate()
    for name, client, our, days_ago, owner in [
        ("Alpha", 30, 90, 10, world.teammate),  # maintain
        ("Bravo", 90, 60, 200, world.outsider),  # key
        ("Charlie", 60, 20, 40, world.owner),  # target
    ]:
        account = Account.objects.create(workspace=world.workspace, name=name, owner=owner)
        assess(account, client=client, our=our, on=today - timedelta(days=days_ago))
    return world


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha", "Bravo", "Charlie", "Northwind"]),
        ("-name", ["Northwind", "Charlie", "Bravo", "Alpha"]),
        ("-zone", ["Bravo", "Charlie", "Alpha", "Northwind"]),
        ("zone", ["Alpha", "Charlie", "Bravo", "Northwind"]),
        ("client", ["Alpha", "Charlie", "Bravo", "Northwind"]),
        ("-client", ["Bravo", "Charlie", "Alpha", "Northwind"]),
        ("-our", ["Alpha", "Bravo", "Charlie", "Northwind"]),
        ("-assessed", ["Alpha", "Charlie", "Bravo", "Northwind"]),
        ("owner", ["Northwind", "Charlie", "Bravo", "Alpha"]),
    ],
)
def test_it_sorts(scored, sort, expected):
    response = scored.client_for(scored.director).get(list_url(scored, sort=sort))
    assert names(response) == expected


def test_it_marks_stale_assessments(scored):
    body = scored.client_for(scored.director).get(list_url(scored)).content.decode()
    assert body.count("bi-hourglass-bottom") == 1  # Bravo, assessed 200 days ago.


def test_it_shows_indices_to_one_decimal_never_across_the_threshold(world):
    assess(world.account, client=49.96, our=33.44, on=date(2025, 1, 1))
    body = world.client_for(world.manager).get(list_url(world)).content.decode()
    assert ">49.9<" in body and ">33.4<" in body
    assert ">50.0<" not in body


def test_it_paginates_50_a_page_and_keeps_the_query_string(world):
    make_accounts(world.workspace, 60, owner=world.manager, prefix="Retail")
    client = world.client_for(world.manager)
    first = client.get(list_url(world, q="retail", sort="-name"))
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 60
    assert "?q=retail&amp;sort=-name&amp;page=2" in first.content.decode()
    second = client.get(list_url(world, q="retail", sort="-name", page=2))
    assert names(second) == [f"Retail {n:03d}" for n in range(9, -1, -1)]


def test_it_answers_htmx_with_the_table_only(world):
    response = world.client_for(world.manager).get(list_url(world), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert not is_page(response)
    assert "Northwind" in body


def test_it_answers_an_htmx_history_restore_with_the_whole_page(world):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = world.client_for(world.manager).get(list_url(world), headers=headers)
    assert is_page(response)


@pytest.mark.parametrize("size", [3, 30])
def test_it_runs_a_constant_number_of_queries(world, django_assert_num_queries, size):
    today = timezone.localdate()
    for account in make_accounts(world.workspace, size, owner=world.manager):
        account.segment = "Retail"
        account.save()
        account.team.add(world.teammate)
        assess(account, client=70, our=40, on=today)
    client = world.client_for(world.director)
    # session, user, membership, segments, groups, owner choices (validation and
    # options), page count, page rows.
    with django_assert_num_queries(9):
        response = client.get(
            list_url(world, owner=world.manager.pk, segment="Retail", sort="-zone")
        )
    assert len(response.context["page"].object_list) == size


def child_of(world, parent, name, owner=None) -> Account:
    return Account.objects.create(
        workspace=world.workspace, name=name, parent=parent, owner=owner or world.manager
    )


def test_it_names_the_group_an_account_belongs_to(world):
    child_of(world, world.account, "Northwind Lyon")
    response = world.client_for(world.manager).get(list_url(world))
    rows = {account.name: account.parent_name for account in response.context["page"]}
    assert rows == {"Northwind": None, "Northwind Lyon": "Northwind"}
    overview = reverse("dossier:overview", args=[world.slug, world.account.pk])
    body = response.content.decode()
    assert f'href="{overview}">Northwind</a>' in body.split("Northwind Lyon")[1]


def test_it_does_not_name_a_parent_the_member_may_not_see(world):
    holding = Account.objects.create(
        workspace=world.workspace, name="Hidden Holding", owner=world.outsider
    )
    child_of(world, holding, "Northwind Lyon")
    response = world.client_for(world.manager).get(list_url(world))
    assert [a.parent_name for a in response.context["page"]] == [None, None]
    assert "Hidden Holding" not in response.content.decode()
    # Nor offers it as a group to filter by.
    assert response.context["form"].fields["group"].choices == [("", "Any group")]


def test_it_filters_to_the_children_of_a_group(world):
    holding = Account.objects.create(workspace=world.workspace, name="Holding", owner=world.manager)
    child_of(world, holding, "Lyon SA")
    child_of(world, holding, "Oslo AS")
    child_of(world, world.account, "Northwind Lyon")
    client = world.client_for(world.manager)
    response = client.get(list_url(world, group=holding.pk))
    assert names(response) == ["Lyon SA", "Oslo AS"]
    choices = response.context["form"].fields["group"].choices
    assert choices == [
        ("", "Any group"),
        (str(holding.pk), "Holding"),
        (str(world.account.pk), "Northwind"),
    ]
    assert 'name="group"' in response.content.decode()


def test_an_unknown_group_is_ignored(world):
    response = world.client_for(world.manager).get(list_url(world, group="nope"))
    assert names(response) == ["Northwind"]


def test_the_group_filter_is_left_out_when_no_account_has_a_parent(world):
    response = world.client_for(world.manager).get(list_url(world))
    assert 'name="group"' not in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_it_names_the_groups_in_a_constant_number_of_queries(
    world, django_assert_num_queries, size
):
    parents = make_accounts(world.workspace, 3, owner=world.manager, prefix="Group")
    for n, account in enumerate(make_accounts(world.workspace, size, owner=world.manager)):
        account.parent = parents[n % 3]
        account.save()
    client = world.client_for(world.manager)
    # session, user, membership, segments, groups, owner choices, page count, page rows:
    # the parents' names come in the rows' query.
    with django_assert_num_queries(8):
        response = client.get(list_url(world))
    rows = response.context["page"].object_list
    assert sum(1 for account in rows if account.parent_name) == size
