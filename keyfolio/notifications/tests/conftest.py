"""Fixtures of the e-mail tests: Django's in-memory mail box, a fixed Wednesday, and
small helpers to put accounts in a zone and give people actions."""

from datetime import date, timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from keyfolio.accounts.models import Account
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.plans.models import Action
from keyfolio.users.models import User

TODAY = date(2026, 11, 25)  # a Wednesday of ISO week 2026-W48

# Scores that place an account in each zone (default thresholds 50 / 50).
ZONE_SCORES = {
    "key": {"client_growth": 80, "relationship": 80},
    "target": {"client_growth": 80, "relationship": 20},
    "maintain": {"client_growth": 20, "relationship": 80},
    "reconsider": {"client_growth": 20, "relationship": 20},
}


@pytest.fixture
def outbox(settings, db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://kam.example.com/"
    # The locmem backend appends to this list; set after `db`, which empties the outbox.
    mail.outbox = []
    return mail.outbox


def assess(account: Account, zone: str, on: date = TODAY) -> None:
    scores = {key: ScoreInput(value) for key, value in ZONE_SCORES[zone].items()}
    assessment_create(account=account, assessor=None, scores=scores, assessed_on=on)


def action(account: Account, owner: User, due_on: date | None, title: str = "", done=False):
    return Action.objects.create(
        workspace=account.workspace,
        account=account,
        owner=owner,
        due_on=due_on,
        done_on=TODAY if done else None,
        title=title or f"Call {account.name} on {due_on}",
    )


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def to(email: str) -> list:
    return [message for message in mail.outbox if message.to == [email]]


def html_of(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


class FailingFor(EmailBackend):
    """The in-memory backend, except that the addresses in `refused` are refused as an
    SMTP server would refuse them."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise SMTPRecipientsRefused({address: (550, b"no") for address in message.to})
        return super().send_messages(messages)


@pytest.fixture
def failing_for(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
    FailingFor.refused = set()
    yield FailingFor.refused
    FailingFor.refused = set()
