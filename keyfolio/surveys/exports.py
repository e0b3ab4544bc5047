"""The answers of surveys as records for a CSV or XLSX file (written formula-safe by
keyfolio.core.exports): one row per question answered, in English column names, with
the question in the language it was asked in and the answer as given."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyfolio.surveys.models import Answer, QuestionKind

ANSWER_FIELDS = (
    "account",
    "contact",
    "email",
    "language",
    "survey",
    "version",
    "sent_at",
    "answered_at",
    "question",
    "kind",
    "answer",
)
ANSWER_SHEET = _("Survey answers")  # The XLSX sheet's name.
ANSWER_WIDTHS = {
    "account": 32,
    "contact": 24,
    "email": 28,
    "survey": 24,
    "question": 48,
    "answer": 48,
}


def _answer_value(answer: Answer, language: str) -> Any:
    question = answer.question
    if question.kind == QuestionKind.TEXT:
        return answer.text
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        labels = question.choices_in(language)
        return "; ".join(labels[i] for i in answer.choices if 0 <= i < len(labels))
    return answer.number


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def answer_records(answers: Iterable[Answer]) -> Iterator[dict[str, Any]]:
    for answer in answers:
        invitation = answer.invitation
        language = invitation.language
        yield {
            "account": invitation.account.name,
            "contact": invitation.contact_name,
            "email": invitation.email,
            "language": language,
            "survey": invitation.template.name_in(language),
            "version": invitation.template.version,
            "sent_at": _local(invitation.sent_at),
            "answered_at": _local(invitation.answered_at),
            "question": answer.question.text_in(language),
            "kind": answer.question.kind,
            "answer": _answer_value(answer, language),
        }
