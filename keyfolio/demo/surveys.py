"""Answered satisfaction surveys for some demo accounts, so that the Surveys tab has
figures, a trend and comments. A generator of its own (seeded from the demo's seed), so
that every other demo figure stays what it was; a few rows per account, written in
one bulk insert each for invitations and answers, so the demo stays fast."""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from keyfolio.demo.dossiers import DemoAccount
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys.models import Answer, Invitation, QuestionKind, SurveyTemplate
from keyfolio.workspaces.models import Workspace

SURVEYED_SHARE = 0.5  # of the accounts
# What a contact answers, by the account's zone: (NPS range, CSAT range).
MOODS = {
    "key": ((8, 10), (4, 5)),
    "target": ((5, 9), (3, 5)),
    "maintain": ((6, 10), (3, 5)),
    "reconsider": ((2, 8), (2, 4)),
}
COMMENTS = {
    "en": (
        "Faster answers to our quotes, please.",
        "The service team is excellent; invoicing less so.",
        "More visits from your engineers would help.",
        "Keep us informed earlier about delivery delays.",
    ),
    "ru": (
        "Быстрее отвечайте на запросы цен, пожалуйста.",
        "Сервисная команда отличная, со счетами сложнее.",
        "Хотелось бы чаще видеть ваших инженеров.",
        "Предупреждайте о задержках поставок заранее.",
    ),
}


def demo_surveys_create(
    *, workspace: Workspace, accounts: Sequence[DemoAccount], seed: int, now: datetime
) -> int:
    """Answered (and a few unanswered) surveys over the last 18 months; how many."""
    rng = random.Random(f"surveys-{seed}")
    template = SurveyTemplate.objects.current_for(workspace)
    questions = {q.kind: q for q in template.questions.all()}
    chosen = [demo for demo in accounts if rng.random() < SURVEYED_SHARE]
    contacts = Contact.objects.filter(account__in=[d.account for d in chosen]).exclude(email="")
    by_account: dict[int, list[Contact]] = {}
    for contact in contacts.order_by("pk"):
        by_account.setdefault(contact.account_id, []).append(contact)
    invitations: list[Invitation] = []
    for demo in chosen:
        people = by_account.get(demo.account.pk, [])[:3]
        for contact in people:
            for months_ago in sorted(rng.sample(range(1, 18), 2)):
                invitations.append(_invitation(rng, demo, contact, template, now, months_ago))
    Invitation.objects.bulk_create(invitations)
    Answer.objects.bulk_create(
        answer for invitation in invitations for answer in _answers(invitation, questions)
    )
    return len(invitations)


def _invitation(rng, demo: DemoAccount, contact: Contact, template, now, months_ago):
    sent = now - timedelta(days=30 * months_ago + rng.randint(0, 20))
    invitation = Invitation(
        workspace=template.workspace,
        account=demo.account,
        contact=contact,
        contact_name=contact.name,
        email=contact.email,
        decision_role=contact.decision_role,
        language=contact.language,
        template=template,
        sent_by=demo.team[0],
        created_at=sent,
        sent_at=sent,
        expires_at=sent + timedelta(days=30),
    )
    if rng.random() < 0.75:
        (nps_low, nps_high), (csat_low, csat_high) = MOODS[demo.zone or "maintain"]
        invitation.opened_at = invitation.answered_at = sent + timedelta(days=rng.randint(0, 6))
        invitation.nps = rng.randint(nps_low, nps_high)
        invitation.csat = rng.randint(csat_low, csat_high)
        if rng.random() < 0.6:
            invitation.comment = rng.choice(COMMENTS[contact.language])
    return invitation


def _answers(invitation: Invitation, questions) -> list[Answer]:
    if invitation.answered_at is None:
        return []
    answers = [
        Answer(invitation=invitation, question=questions[QuestionKind.NPS], number=invitation.nps),
        Answer(
            invitation=invitation, question=questions[QuestionKind.CSAT], number=invitation.csat
        ),
    ]
    if invitation.comment:
        answers.append(
            Answer(
                invitation=invitation,
                question=questions[QuestionKind.TEXT],
                text=invitation.comment,
            )
        )
    return answers
