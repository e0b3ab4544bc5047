"""Fixtures of the survey tests: the in-memory mail box, an empty cache (the rate limits
live there), contacts of Northwind, and running the queued tasks as the worker would."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from keyfolio.stakeholders.models import Contact, DecisionRole

LINK = re.compile(r"https://kam\.example\.com(/s/[A-Za-z0-9_-]{43}/)")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def outbox(settings, db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://kam.example.com/"
    mail.outbox = []
    return mail.outbox


def make_contact(account, name="Anna Petrova", email="anna@northwind.test", **fields) -> Contact:
    return Contact.objects.create(
        workspace=account.workspace, account=account, name=name, email=email, **fields
    )


@pytest.fixture
def anna(world):
    return make_contact(world.account, decision_role=DecisionRole.DECISION_MAKER)


@pytest.fixture
def boris(world):
    return make_contact(world.account, "Борис Иванов", "boris@northwind.test", language="ru")


def run_queued_tasks() -> int:
    """Run every task that is due now, as `keyfolio worker` would; how many ran."""
    ran = 0
    for result in DBTaskResult.objects.ready():
        args_kwargs = result.args_kwargs
        result.task.call(*args_kwargs["args"], **args_kwargs["kwargs"])
        result.delete()
        ran += 1
    return ran


def link_in(message) -> str:
    """The survey's path in an e-mail (the text body; the HTML carries the same link)."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)
