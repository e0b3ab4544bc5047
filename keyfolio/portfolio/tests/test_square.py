"""The portfolio square: who sees what, filters, points, movement, sorting, queries."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import (
    CriterionDraft,
    ScoreInput,
    assessment_create,
    methodology_revise,
)
from keyfolio.conftest import make_user
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.testing import is_page
from keyfolio.workspaces.services import workspace_create

CLIENT_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == Axis.CLIENT]
OUR_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == Axis.OUR]


def assess(account, *, client, our, on=date(2025, 3, 1), by=None):
    """An assessment whose indices are exactly `client` and `our` (None: axis not scored)."""
    scores = {key: ScoreInput(client) for key in CLIENT_KEYS}
    scores |= {key: ScoreInput(our) for key in OUR_KEYS}
    return assessment_create(account=account, assessor=by, scores=scores, assessed_on=on)


def add_account(world, name, *, owner=None, segment="", **fields):
    return Account.objects.create(
        workspace=world.workspace, name=name, owner=owner, segment=segment, **fields
    )


def url(world, **query):
    base = reverse("portfolio:square", args=(world.slug,))
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(world, user, **query):
    response = world.client_for(user).get(url(world, **query))
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    """The accounts of the table's page, in its order."""
    return [row.name for row in response.context["page"].object_list]


def point_dicts(chart: dict) -> dict[str, dict]:
    """The chart's points by name, each a dict of the chart's fields."""
    assert chart["mode"] == "points"
    fields, rows = chart["points"]["fields"], chart["points"]["rows"]
    return {row[1]: dict(zip(fields, row, strict=True)) for row in rows}


def points(response) -> dict[str, dict]:
    chart = response.context["chart"]
    return point_dicts(chart) if chart else {}


@pytest.fixture
def portfolio(world):
    """Northwind (the manager's, in Key) plus a few accounts across zones and owners."""
    assess(world.account, client=80, our=70)
    world.account.segment = "Retail"
    world.account.save()
    contoso = add_account(world, "Contoso", owner=world.outsider, segment="Energy")
    assess(contoso, client=75, our=20)  # target
    fabrikam = add_account(world, "Fabrikam", owner=world.director, segment="Energy")
    assess(fabrikam, client=30, our=65)  # maintain
    globex = add_account(world, "Globex Retail", owner=world.director, segment="Retail")
    assess(globex, client=10, our=15)  # reconsider
    add_account(world, "Umbrella", owner=world.outsider, segment="Health")  # not assessed
    return world


# --- access ---------------------------------------------------------------------------


def test_it_shows_a_director_every_account(portfolio):
    response = get(portfolio, portfolio.director)
    assert names(response) == ["Northwind", "Contoso", "Fabrikam", "Globex Retail", "Umbrella"]


def test_it_shows_a_manager_only_their_own_and_team_accounts(portfolio):
    add_account(portfolio, "Team Co", owner=portfolio.director).team.add(portfolio.manager)
    response = get(portfolio, portfolio.manager)
    assert sorted(names(response)) == ["Northwind", "Team Co"]
    assert list(points(response)) == ["Northwind"]
    assert b"Contoso" not in response.content


def test_it_shows_a_teammate_and_a_viewer_the_team_account(portfolio):
    for user in (portfolio.teammate, portfolio.viewer):
        assert names(get(portfolio, user)) == ["Northwind"]


def test_it_does_not_show_an_outsider_the_account(portfolio):
    response = get(portfolio, portfolio.outsider)
    assert "Northwind" not in names(response)
    assert b"Northwind" not in response.content
    assert names(response) == ["Contoso", "Umbrella"]


def test_it_never_shows_another_workspaces_accounts(portfolio):
    assess(portfolio.foreign_account, client=90, our=90)
    response = get(portfolio, portfolio.owner)
    assert "Initech" not in names(response)
    assert b"Initech" not in response.content


def test_it_leaves_archived_accounts_out(portfolio):
    Account.objects.get(name="Contoso").archive()
    response = get(portfolio, portfolio.director)
    assert "Contoso" not in names(response)
    assert "Contoso" not in points(response)


# --- filters --------------------------------------------------------------------------


def test_it_filters_by_owner(portfolio):
    response = get(portfolio, portfolio.director, owner=portfolio.outsider.pk)
    assert names(response) == ["Contoso", "Umbrella"]
    assert list(points(response)) == ["Contoso"]


def test_it_filters_by_zone(portfolio):
    assert names(get(portfolio, portfolio.director, zone="target")) == ["Contoso"]
    assert names(get(portfolio, portfolio.director, zone="key")) == ["Northwind"]


def test_it_filters_the_accounts_that_are_not_assessed(portfolio):
    half = add_account(portfolio, "Half Done", owner=portfolio.director)
    assessment_create(
        account=half, assessor=None, scores={"client_growth": ScoreInput(60)}
    )  # only the client axis: not placed
    response = get(portfolio, portfolio.director, zone="none")
    assert names(response) == ["Half Done", "Umbrella"]
    assert points(response) == {}


def test_it_filters_by_segment(portfolio):
    response = get(portfolio, portfolio.director, segment="Energy")
    assert names(response) == ["Contoso", "Fabrikam"]


def test_it_combines_filters(portfolio):
    response = get(portfolio, portfolio.director, segment="Energy", zone="maintain")
    assert names(response) == ["Fabrikam"]


def test_it_offers_the_members_and_the_visible_segments(portfolio):
    form = get(portfolio, portfolio.outsider).context["form"]
    owners = {label for value, label in form.fields["owner"].choices if value}
    assert {"Olga Owner", "Max Manager", "Vera Viewer", "Oscar Outsider"} <= owners
    # Only the segments of accounts the outsider sees.
    assert [v for v, _ in form.fields["segment"].choices if v] == ["Energy", "Health"]


def test_it_ignores_a_filter_value_that_is_not_valid_and_says_so(portfolio):
    response = get(portfolio, portfolio.director, owner=999999, zone="nowhere")
    assert len(names(response)) == 5
    form = response.context["form"]
    assert "owner" in form.errors and "zone" in form.errors
    assert b"is-invalid" in response.content


# --- points ---------------------------------------------------------------------------


def test_its_points_match_the_stored_assessment(portfolio):
    account = Account.objects.get(name="Contoso")
    stored = account.current_assessment
    point = points(get(portfolio, portfolio.director))["Contoso"]
    assert (point["client"], point["our"]) == (stored.client_index, stored.our_index) == (75, 20)
    assert point["zone"] == stored.zone == "target"
    assert point["id"] == account.pk
    chart = get(portfolio, portfolio.director).context["chart"]
    # The page builds every account's address from one template, by id.
    assert chart["account_url"].replace("{id}", str(account.pk)) == reverse(
        "dossier:overview", args=(portfolio.slug, account.pk)
    )
    assert chart["points"]["owners"][point["owner"]] == "Oscar Outsider"
    assert point["segment"] == "Energy"
    assert point["assessed_on"] == "2025-03-01"


def test_it_places_only_accounts_with_both_indices_and_counts_the_others(portfolio):
    response = get(portfolio, portfolio.director)
    assert set(points(response)) == {"Northwind", "Contoso", "Fabrikam", "Globex Retail"}
    summary = response.context["summary"]
    assert summary.not_placed == 1
    assert summary.zone_counts == {"key": 1, "target": 1, "maintain": 1, "reconsider": 1}
    assert summary.average_client == pytest.approx((80 + 75 + 30 + 10) / 4)
    assert summary.average_our == pytest.approx((70 + 20 + 65 + 15) / 4)
    assert b"?zone=none" in response.content  # The link to the hidden accounts.


def test_it_gives_a_point_its_previous_assessment_only_when_there_is_one(portfolio):
    fabrikam = Account.objects.get(name="Fabrikam")
    assess(fabrikam, client=60, our=70, on=date(2025, 6, 1))  # maintain → key
    response = get(portfolio, portfolio.director, arrows=1)
    chart = response.context["chart"]
    assert chart["arrows"] is True
    by_name = points(response)
    fabrikam = by_name["Fabrikam"]
    previous = [fabrikam[f"previous_{name}"] for name in ("client", "our", "zone", "on")]
    assert previous == [30, 65, "maintain", "2025-03-01"]
    assert (fabrikam["client"], fabrikam["zone"]) == (60, "key")
    assert by_name["Contoso"]["previous_zone"] is None
    summary = response.context["summary"]
    assert (summary.moved_up, summary.moved_down) == (1, 0)


def test_it_draws_no_arrows_unless_asked(portfolio):
    assert get(portfolio, portfolio.director).context["chart"]["arrows"] is False


def test_it_splits_the_square_at_the_current_thresholds(portfolio):
    criteria = [
        CriterionDraft(key=c.key, axis=c.axis.value, label_en=c.label_en, label_ru=c.label_ru)
        for c in DEFAULT_CRITERIA
    ]
    methodology_revise(
        workspace=portfolio.workspace,
        user=portfolio.owner,
        criteria=criteria,
        threshold_client=60,
        threshold_our=40,
    )
    chart = get(portfolio, portfolio.director).context["chart"]
    assert chart["thresholds"] == {"client": 60, "our": 40}
    zones = {zone["zone"]: zone for zone in chart["zones"]}
    assert list(zones) == ["key", "target", "maintain", "reconsider"]  # the legend's order
    assert (zones["key"]["our"], zones["key"]["client"]) == ((40, 100), (60, 100))
    assert (zones["target"]["our"], zones["target"]["client"]) == ((0, 40), (60, 100))
    assert (zones["maintain"]["our"], zones["maintain"]["client"]) == ((40, 100), (0, 60))
    assert (zones["reconsider"]["attractive"], zones["reconsider"]["strong"]) == (False, False)


def test_it_gives_the_chart_the_zone_colours(portfolio):
    zones = get(portfolio, portfolio.director).context["chart"]["zones"]
    key = next(zone for zone in zones if zone["zone"] == "key")
    assert (key["colour"], key["fill"]) == ("#168058", "rgba(22, 128, 88, 0.09)")


def test_it_shows_the_movement_in_the_table(portfolio):
    assess(Account.objects.get(name="Contoso"), client=70, our=55, on=date(2025, 6, 1))
    rows = get(portfolio, portfolio.director).context["page"].object_list
    row = next(r for r in rows if r.name == "Contoso")
    assert row.movement.client == -5
    assert row.movement.our == 35
    assert (row.movement.zone_from, row.movement.zone_to, row.movement.direction) == (
        "target",
        "key",
        1,
    )


# --- sorting --------------------------------------------------------------------------


def test_it_sorts_by_zone_best_first_by_default(portfolio):
    assert names(get(portfolio, portfolio.director)) == [
        "Northwind",
        "Contoso",
        "Fabrikam",
        "Globex Retail",
        "Umbrella",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Contoso", "Fabrikam", "Globex Retail", "Northwind", "Umbrella"]),
        ("-name", ["Umbrella", "Northwind", "Globex Retail", "Fabrikam", "Contoso"]),
        ("client", ["Globex Retail", "Fabrikam", "Contoso", "Northwind", "Umbrella"]),
        ("-client", ["Northwind", "Contoso", "Fabrikam", "Globex Retail", "Umbrella"]),
        ("-our", ["Northwind", "Fabrikam", "Contoso", "Globex Retail", "Umbrella"]),
        ("zone", ["Globex Retail", "Fabrikam", "Contoso", "Northwind", "Umbrella"]),
        ("segment", ["Contoso", "Fabrikam", "Umbrella", "Globex Retail", "Northwind"]),
        ("owner", ["Fabrikam", "Globex Retail", "Northwind", "Contoso", "Umbrella"]),
    ],
)
def test_it_sorts_the_table(portfolio, sort, expected):
    assert names(get(portfolio, portfolio.director, sort=sort)) == expected


def test_it_falls_back_to_the_default_sort_for_an_unknown_column(portfolio):
    response = get(portfolio, portfolio.director, sort="password")
    assert names(response)[0] == "Northwind"
    assert response.context["sort"] == "-zone"


def test_its_sort_links_keep_the_filters(portfolio):
    response = get(portfolio, portfolio.director, segment="Energy", arrows=1)
    assert b'href="?segment=Energy&amp;arrows=1&amp;sort=name"' in response.content
    # Sorting swaps the table alone.
    assert b'hx-get="?segment=Energy&amp;arrows=1&amp;sort=name" hx-target="#square-table"' in (
        response.content
    )


def test_its_filter_form_keeps_the_sort(portfolio):
    response = get(portfolio, portfolio.director, sort="-client")
    assert b'name="sort" value="-client"' in response.content


# --- states and htmx ------------------------------------------------------------------


def test_it_explains_the_square_in_an_empty_workspace(db):
    solo = make_user("solo@acme.test", "Solo Owner")
    workspace = workspace_create(name="Empty Co", owner=solo, slug="empty-co")
    client = Client()
    client.force_login(solo)
    response = client.get(reverse("portfolio:square", args=(workspace.slug,)))
    assert response.status_code == 200
    assert b"Your portfolio square is empty" in response.content
    assert reverse("accounts:create", args=(workspace.slug,)).encode() in response.content
    assert b"square-data" not in response.content


def test_it_offers_no_create_link_to_a_viewer_without_accounts(world):
    world.account.team.remove(world.viewer)
    response = get(world, world.viewer)
    assert b"Your portfolio square is empty" in response.content
    assert reverse("accounts:create", args=(world.slug,)).encode() not in response.content


def test_it_says_when_no_account_matches_the_filters(portfolio):
    response = get(portfolio, portfolio.director, segment="Energy", zone="key")
    assert b"No account matches these filters." in response.content


def test_it_sends_only_the_page_content_to_htmx(portfolio):
    client = portfolio.client_for(portfolio.director)
    response = client.get(url(portfolio, zone="key"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert not is_page(response)
    assert b'id="square-page"' in response.content
    assert b"square-data" in response.content


# --- queries --------------------------------------------------------------------------


def _assessed_accounts(world, count):
    for n in range(count):
        owner = world.manager if n % 2 else world.director
        account = add_account(world, f"Account {n:02}", owner=owner, segment=f"S{n % 4}")
        assess(account, client=(n * 7) % 101, our=(n * 13) % 101, on=date(2025, 1, 1))
        if n % 3 == 0:
            assess(account, client=(n * 11) % 101, our=(n * 5) % 101, on=date(2025, 4, 1))


@pytest.mark.parametrize("count", [3, 40])
def test_it_makes_the_same_number_of_queries_whatever_the_size(
    world, count, django_assert_num_queries
):
    _assessed_accounts(world, count)
    client = world.client_for(world.director)
    # session, user, membership; members, segments; the summary (counts by zone and
    # cell), the table's page, thresholds, the latest zone changes, the points.
    with django_assert_num_queries(10):
        response = client.get(url(world, arrows=1, sort="-client"))
    assert len(points(response)) == count


@pytest.mark.parametrize("count", [3, 40])
def test_it_makes_the_same_number_of_queries_for_a_manager(world, count, django_assert_num_queries):
    _assessed_accounts(world, count)
    client = world.client_for(world.manager)
    with django_assert_num_queries(10):
        client.get(url(world, segment="S1"))


def test_it_draws_no_chart_when_no_shown_account_is_placed(portfolio):
    response = get(portfolio, portfolio.director, zone="none")
    assert b"square-data" not in response.content
    assert b"None of these accounts is on the square yet" in response.content
    assert names(response) == ["Umbrella"]


def test_it_offers_the_new_account_button_only_to_members_who_edit(portfolio):
    create = reverse("accounts:create", args=(portfolio.slug,)).encode()
    assert create in get(portfolio, portfolio.manager).content
    assert create not in get(portfolio, portfolio.viewer).content


def test_it_gives_the_chart_its_labels(portfolio):
    labels = get(portfolio, portfolio.director).context["chart"]["labels"]
    assert labels["zones"] == {
        "key": "Key",
        "target": "Target",
        "maintain": "Maintain",
        "reconsider": "Reconsider",
    }
    assert (labels["our"], labels["client"]) == ("Our position", "Client position")


def test_it_shows_an_index_on_the_side_of_the_threshold_its_zone_is(world):
    account = add_account(world, "Edge", owner=world.director)
    assess(account, client=49.96, our=70)  # Maintain: the client position is under 50.
    response = get(world, world.director)
    row = next(r for r in response.context["page"].object_list if r.name == "Edge")
    assert (row.zone, row.client, row.our) == ("maintain", 49.9, 70)
    assert points(response)["Edge"]["client"] == 49.9
