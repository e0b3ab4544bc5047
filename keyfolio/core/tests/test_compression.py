"""Pages travel compressed to browsers that accept it, and each copy differs in size,
so that an attacker cannot read secrets from compressed lengths (BREACH)."""

import gzip

from django.urls import reverse

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_page_is_sent_compressed_to_a_browser_that_accepts_it(world):
    client = world.client_for(world.manager)
    url = reverse("accounts:list", args=[world.slug])
    plain = client.get(url)
    packed = client.get(url, headers=GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "Northwind" in html
    assert len(packed.content) < len(plain.content) / 3


def test_a_browser_that_does_not_accept_it_gets_plain_html(world):
    response = world.client_for(world.manager).get(reverse("accounts:list", args=[world.slug]))
    assert not response.has_header("Content-Encoding")
    assert b"Northwind" in response.content


def test_copies_of_a_page_differ_in_compressed_length(world):
    client = world.client_for(world.manager)
    url = reverse("accounts:list", args=[world.slug])
    lengths = {len(client.get(url, headers=GZIP).content) for _ in range(8)}
    assert len(lengths) > 1
