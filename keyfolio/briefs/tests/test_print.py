from django.urls import reverse


def print_url(world, account=None, lang: str = "") -> str:
    url = reverse("briefs:print", args=[world.slug, (account or world.account).pk])
    return f"{url}?lang={lang}" if lang else url


def test_it_is_a_standalone_page_with_the_print_styles_and_no_navigation(rich):
    body = rich.client_for(rich.manager).get(print_url(rich)).content.decode()
    assert "keyfolio/css/brief.css" in body
    assert "kf-navbar" not in body and "kf-tabs" not in body
    assert 'id="brief-print"' in body
    assert "Key stakeholders" in body


def test_it_prints_in_the_chosen_language(rich):
    body = rich.client_for(rich.manager).get(print_url(rich, lang="ru")).content.decode()
    assert '<html lang="ru">' in body
    assert "Позиция клиента" in body
