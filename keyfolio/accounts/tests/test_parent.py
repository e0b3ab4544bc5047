"""Groups of companies: an account's parent, chosen on its form, in the same
workspace, without cycles and at most MAX_GROUP_DEPTH levels deep."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import account_update, parent_error
from keyfolio.accounts.tests.test_edit import edit_url, form_data


def make(world, name, parent=None, **fields) -> Account:
    fields.setdefault("owner", world.manager)
    return Account.objects.create(workspace=world.workspace, name=name, parent=parent, **fields)


def test_it_sets_a_parent_on_the_form(world):
    holding = make(world, "Holding")
    response = world.client_for(world.manager).post(
        edit_url(world), form_data(world, parent=holding.pk)
    )
    assert response.status_code == 302
    world.account.refresh_from_db()
    assert world.account.parent == holding


def test_it_creates_an_account_inside_a_group(world):
    holding = make(world, "Holding")
    data = {**form_data(world, parent=holding.pk), "name": "Subsidiary"}
    response = world.client_for(world.manager).post(
        reverse("accounts:create", args=[world.slug]), data
    )
    assert response.status_code == 302
    assert Account.objects.get(name="Subsidiary").parent == holding


def test_it_refuses_a_cycle_with_a_clear_error(world):
    child = make(world, "Child", parent=world.account)
    response = world.client_for(world.manager).post(
        edit_url(world), form_data(world, parent=child.pk)
    )
    assert response.status_code == 200
    assert "Child belongs to the group of Northwind: an account cannot be its own parent" in (
        response.content.decode()
    )
    world.account.refresh_from_db()
    assert world.account.parent is None


def test_an_account_cannot_be_its_own_parent(world):
    assert "cannot be its own parent" in parent_error(world.account, world.account)
    with pytest.raises(ValidationError, match="cannot be its own parent"):
        account_update(account=world.account, parent=world.account)


def test_a_cycle_through_several_accounts_is_refused(world):
    middle = make(world, "Middle", parent=world.account)
    bottom = make(world, "Bottom", parent=middle)
    assert "belongs to the group of" in parent_error(world.account, bottom)


def test_a_group_is_at_most_three_levels_deep(world):
    top = make(world, "Top")
    middle = make(world, "Middle", parent=top)
    assert parent_error(world.account, middle) is None  # three levels
    below = make(world, "Below", parent=world.account)
    assert "at most 3 levels" in parent_error(world.account, middle)  # four
    assert "this one would have 4" in parent_error(world.account, middle)
    assert parent_error(below, top) is None


def test_a_parent_of_another_workspace_is_refused(world):
    assert "of this workspace" in parent_error(world.account, world.foreign_account)
    response = world.client_for(world.owner).post(
        edit_url(world), form_data(world, parent=world.foreign_account.pk)
    )
    assert "Choose one of your accounts as the parent." in response.content.decode()
    world.account.refresh_from_db()
    assert world.account.parent is None


def test_a_manager_chooses_among_the_accounts_they_see(world):
    hidden = make(world, "Someone else's", owner=world.outsider)
    response = world.client_for(world.manager).get(edit_url(world))
    choices = response.context["form"].fields["parent"].queryset
    assert hidden not in choices
    assert world.account not in choices  # not itself
    response = world.client_for(world.manager).post(
        edit_url(world), form_data(world, parent=hidden.pk)
    )
    assert "Choose one of your accounts as the parent." in response.content.decode()
