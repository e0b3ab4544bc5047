from django.urls import reverse

from keyfolio.conftest import make_user
from keyfolio.workspaces.models import Role
from keyfolio.workspaces.services import membership_set


def test_it_sends_a_member_of_one_workspace_straight_to_its_square(world):
    response = world.client_for(world.manager).get(reverse("workspaces:home"))
    assert response.status_code == 302
    assert response.url == reverse("portfolio:square", args=["acme"])


def test_it_lists_every_workspace_of_a_member_of_several(world):
    membership_set(workspace=world.other_workspace, user=world.manager, role=Role.VIEWER)
    response = world.client_for(world.manager).get(reverse("workspaces:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("portfolio:square", args=["acme"]) in html
    assert reverse("portfolio:square", args=["globex"]) in html
    assert [m.workspace.name for m in response.context["memberships"]] == ["Acme", "Globex"]


def test_it_lists_a_single_workspace_when_asked_for_all(world):
    response = world.client_for(world.manager).get(reverse("workspaces:home") + "?all=1")
    assert response.status_code == 200
    assert reverse("portfolio:square", args=["acme"]) in response.content.decode()


def test_it_tells_a_person_without_a_workspace_whom_to_ask(db, client):
    client.force_login(make_user("lonely@nowhere.test"))
    response = client.get(reverse("workspaces:home"))
    assert response.status_code == 200
    assert "not a member of any workspace yet" in response.content.decode()
