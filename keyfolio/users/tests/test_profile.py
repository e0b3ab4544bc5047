from keyfolio.conftest import PASSWORD
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
