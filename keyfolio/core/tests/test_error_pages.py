from django.urls import reverse


def test_it_shows_a_friendly_404_for_an_account_out_of_reach(world):
    url = reverse("dossier:overview", args=[world.slug, world.account.pk])
    response = world.client_for(world.outsider).get(url)
    assert response.status_code == 404
    assert "There is nothing here" in response.content.decode()


def test_it_shows_the_404_in_russian_to_a_russian_speaker(world):
    world.outsider.language = "ru"
    world.outsider.save()
    url = reverse("dossier:overview", args=[world.slug, world.account.pk])
    response = world.client_for(world.outsider).get(url)
    assert "Здесь ничего нет" in response.content.decode()


def test_it_names_the_role_on_a_403(world):
    response = world.client_for(world.viewer).get(reverse("accounts:create", args=[world.slug]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your role does not allow this" in body
    assert "“Viewer”" in body
