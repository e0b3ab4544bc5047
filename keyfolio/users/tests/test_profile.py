import pytest
from django.test import Client

from keyfolio.conftest import PASSWORD
from keyfolio.testing import two_edit
from keyfolio.users.models import User

PROFILE = "/profile/"
PASSWORD_CHANGE = "/profile/password/"
NEW_PASSWORD = "a-much-longer-secret-42"


def test_it_shows_the_profile_and_the_password_form(world):
    response = world.client_for(world.manager).get(PROFILE)
    assert response.status_code == 200
    assert {"full_name", "language"} <= response.context["form"].fields.keys()
    assert "old_password" in response.context["password_form"].fields
    assert f'action="{PASSWORD_CHANGE}"' in response.content.decode()


def test_it_saves_the_name_and_language(world):
    client = world.client_for(world.manager)
    response = client.post(PROFILE, {"full_name": "Maxim M.", "language": "ru"})
    assert response.status_code == 302
    user = User.objects.get(pk=world.manager.pk)
    assert (user.full_name, user.language) == ("Maxim M.", "ru")
    assert '<html lang="ru"' in client.get(PROFILE).content.decode()


def test_it_refuses_an_unknown_language_and_saves_nothing(world):
    response = world.client_for(world.manager).post(
        PROFILE, {"full_name": "Changed", "language": "xx"}
    )
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert User.objects.get(pk=world.manager.pk).full_name == "Max Manager"


def test_it_changes_the_password_and_keeps_the_session(world):
    client = world.client_for(world.manager)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == PROFILE
    assert "Your password is changed." in response.content.decode()
    assert User.objects.get(pk=world.manager.pk).check_password(NEW_PASSWORD)
    assert client.get(PROFILE).status_code == 200


def test_it_refuses_a_wrong_old_password(world):
    response = world.client_for(world.manager).post(
        PASSWORD_CHANGE,
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["password_form"].errors
    assert response.context["form"]["full_name"].value() == world.manager.full_name
    assert User.objects.get(pk=world.manager.pk).check_password(PASSWORD)


def test_it_refuses_a_weak_or_mismatched_new_password(world):
    client = world.client_for(world.manager)
    for new1, new2 in (("short", "short"), (NEW_PASSWORD, NEW_PASSWORD + "x")):
        response = client.post(
            PASSWORD_CHANGE,
            {"old_password": PASSWORD, "new_password1": new1, "new_password2": new2},
        )
        assert response.status_code == 200
        assert response.context["password_form"].errors
    assert User.objects.get(pk=world.manager.pk).check_password(PASSWORD)


def test_it_refuses_a_new_password_the_validators_refuse(world):
    client = world.client_for(world.manager)
    for weak, reason in (
        ("83920174", "This password is entirely numeric."),
        ("83920174", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("max@acme.test!", "The password is too similar to the e-mail."),
    ):
        response = client.post(
            PASSWORD_CHANGE,
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert reason in response.context["password_form"].errors["new_password2"]
        assert reason in response.content.decode()
    assert User.objects.get(pk=world.manager.pk).check_password(PASSWORD)


@pytest.fixture
def axes_on(settings):
    # The conftest turns django-axes off; these tests are about it.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_it_locks_the_form_after_too_many_wrong_old_passwords(world, axes_on):
    client = world.client_for(world.manager)
    wrong = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _attempt in range(2):
        assert client.post(PASSWORD_CHANGE, wrong).status_code == 200
    response = client.post(PASSWORD_CHANGE, wrong)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Password change temporarily locked" in html
    assert "A wrong password was given for this account 3 times from your address." in html
    assert "changing the password is locked for 1\xa0hour" in html

    # Now even the right old password changes nothing...
    right = {**wrong, "old_password": PASSWORD}
    assert client.post(PASSWORD_CHANGE, right).status_code == 429
    assert User.objects.get(pk=world.manager.pk).check_password(PASSWORD)
    # ...and the wrong guesses count against logging in with that e-mail from here too.
    response = Client().post("/login/", {"username": "max@acme.test", "password": PASSWORD})
    assert response.status_code == 429


def test_a_wrong_old_password_does_not_lock_others(world, axes_on):
    client = world.client_for(world.manager)
    wrong = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _attempt in range(3):
        client.post(PASSWORD_CHANGE, wrong)
    right = {**wrong, "old_password": PASSWORD}
    response = world.client_for(world.teammate).post(PASSWORD_CHANGE, right)
    assert response.status_code == 302
    assert User.objects.get(pk=world.teammate.pk).check_password(NEW_PASSWORD)


def test_a_save_from_an_older_tab_is_refused_and_the_merge_saved(world):
    # The same person in two tabs: two sessions of one user.
    def stored():
        return User.objects.values_list("full_name", "language").get(pk=world.manager.pk)

    after_theirs, merged = two_edit(
        mine=world.client_for(world.manager),
        theirs=world.client_for(world.manager),
        url=PROFILE,
        stored=stored,
        their_change={"language": "ru"},
        my_change={"full_name": "Maxim M.", "language": "en"},
    )
    assert after_theirs == (world.manager.full_name, "ru")
    assert merged == ("Maxim M.", "ru")
