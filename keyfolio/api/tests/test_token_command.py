from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from keyfolio.api.models import ApiToken
from keyfolio.core.tokens import token_hash


def run(*args) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_prints_the_token_alone_on_the_last_line_and_keeps_only_its_hash(world):
    out = run(
        "create", "--user", "MAX@acme.test", "--workspace", "acme", "--name", "CRM", "--read-only"
    )
    token = out.strip().splitlines()[-1]
    stored = ApiToken.objects.get()
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    assert stored.prefix == token[:8] and stored.read_only and stored.name == "CRM"
    assert stored.user == world.manager and stored.workspace == world.workspace


def test_create_refuses_a_non_member(world):
    with pytest.raises(CommandError, match="not a member"):
        run("create", "--user", "sam@globex.test", "--workspace", "acme")


def test_list_and_revoke(world):
    run("create", "--user", "max@acme.test", "--workspace", "acme")
    pk = ApiToken.objects.get().pk
    assert "read-write" in run("list")
    run("revoke", str(pk))
    assert ApiToken.objects.get().is_revoked
    assert "revoked" in run("list")
    with pytest.raises(CommandError):
        run("revoke", "999")
