"""Writes about surveys: the default template, sending, delivering, reminding,
answering and opting out. Views, the CLI, the tasks and the demo all come through here.

Sending is in two steps. `survey_send` decides who gets the survey (and who is skipped,
and why) and writes one Invitation each, in the request; `invitations_deliver` (run by
the worker, see keyfolio.surveys.tasks) makes each link's token and sends the e-mail. The
token is made at delivery, not at sending, so that it never sits in the task queue's
table: only its hash is ever stored.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.signals import accounts_changed
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import BulkChange, record_bulk, record_created, record_updates
from keyfolio.core.tokens import new_token, token_hash
from keyfolio.stakeholders.models import Contact, DecisionRole
from keyfolio.surveys.emails import invitation_message
from keyfolio.surveys.models import (
    DEFAULT_KEY,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    SurveySettings,
    SurveyTemplate,
)
from keyfolio.surveys.signals import survey_answered
from keyfolio.workspaces.models import Workspace

log = logging.getLogger(__name__)

# --- Set-up ------------------------------------------------------------------------------

DEFAULT_NAME = ("Relationship survey", "Оценка сотрудничества")
DEFAULT_INTRO = (
    "Two quick questions about working with us, and room for anything you want to tell us.",
    "Два коротких вопроса о работе с нами и место для всего, что вы хотите нам сказать.",
)
DEFAULT_QUESTIONS = (
    (
        QuestionKind.NPS,
        "How likely are you to recommend working with us to a colleague?",
        "Насколько вероятно, что вы порекомендуете работу с нами коллеге?",
        True,
    ),
    (
        QuestionKind.CSAT,
        "Overall, how satisfied are you with working with us?",
        "Насколько вы в целом довольны работой с нами?",
        True,
    ),
    (
        QuestionKind.TEXT,
        "What should we do better?",
        "Что нам стоит делать лучше?",
        False,
    ),
)


def survey_settings_for(workspace: Workspace) -> SurveySettings:
    settings, _created = SurveySettings.objects.get_or_create(workspace=workspace)
    return settings


@transaction.atomic
def survey_template_create_default(*, workspace: Workspace, user=None) -> SurveyTemplate:
    """Version 1 of the workspace's relationship survey: NPS, CSAT and "what should we
    do better?", in English and Russian; and the workspace's survey settings."""
    survey_settings_for(workspace)
    template = SurveyTemplate.objects.create(
        workspace=workspace,
        key=DEFAULT_KEY,
        version=1,
        name_en=DEFAULT_NAME[0],
        name_ru=DEFAULT_NAME[1],
        intro_en=DEFAULT_INTRO[0],
        intro_ru=DEFAULT_INTRO[1],
        created_by=user,
    )
    questions = Question.objects.bulk_create(
        Question(
            template=template,
            kind=kind,
            text_en=text_en,
            text_ru=text_ru,
            required=required,
            position=position,
        )
        for position, (kind, text_en, text_ru, required) in enumerate(DEFAULT_QUESTIONS)
    )
    record_created(questions)
    return template


@dataclass(frozen=True)
class QuestionDraft:
    """A question as an admin wants it in the template's next version; `pk` is the
    question of the version read that it changes (none: a new question)."""

    kind: str
    text_en: str
    text_ru: str
    choices_en: str = ""
    choices_ru: str = ""
    required: bool = False
    position: int = 0
    pk: int | None = None

    def fields(self) -> dict[str, Any]:
        """What a Question row holds of it."""
        return {name: value for name, value in self.__dict__.items() if name != "pk"}


QUESTION_FIELDS = [name for name in QuestionDraft.__dataclass_fields__ if name != "pk"]


def question_draft_of(question: Question) -> QuestionDraft:
    return QuestionDraft(
        pk=question.pk, **{name: getattr(question, name) for name in QUESTION_FIELDS}
    )


def _check_drafts(questions: Sequence[QuestionDraft]) -> None:
    if not questions:
        raise ValidationError(_("A survey needs at least one question."), code="empty")
    for kind in (QuestionKind.NPS, QuestionKind.CSAT):
        if sum(1 for q in questions if q.kind == kind) > 1:
            raise ValidationError(
                _("A survey may have one “%(kind)s” question at most.")
                % {"kind": QuestionKind(kind).label},
                code="duplicate_kind",
            )
    for q in questions:
        if (
            q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            and len([line for line in q.choices_en.splitlines() if line.strip()]) < 2
        ):
            raise ValidationError(
                _("“%(question)s” needs at least two choices, one a line.")
                % {"question": q.text_en},
                code="few_choices",
            )


@transaction.atomic
def survey_template_revise(
    *,
    template: SurveyTemplate,
    user,
    name_en: str,
    name_ru: str,
    intro_en: str = "",
    intro_ru: str = "",
    questions: Sequence[QuestionDraft],
) -> SurveyTemplate:
    """Save the admin's edit of `template` (the current version). A version that has
    been sent stays as it is and the edit becomes the next version, so that answers
    keep the questions they were given; a version never sent is edited in place.
    Either way the audit trail gets what changed."""
    _check_drafts(questions)
    fields = {"name_en": name_en, "name_ru": name_ru, "intro_en": intro_en, "intro_ru": intro_ru}
    if Invitation.objects.filter(template=template).exists():
        revised = SurveyTemplate.objects.create(
            workspace=template.workspace,
            key=template.key,
            version=template.version + 1,
            created_by=user,
            **fields,
        )
        _questions_copy(template, revised, questions)
        return revised
    for name, value in fields.items():
        setattr(template, name, value)
    template.save(update_fields=list(fields))
    _questions_update(template, questions)
    return template


def _questions_copy(
    template: SurveyTemplate, revised: SurveyTemplate, questions: Sequence[QuestionDraft]
) -> None:
    """The questions of the next version: new rows (the sent version keeps its own, and
    the answers given to them), each knowing the question it carries on."""
    lineage: dict[int | None, int] = {q.pk: q.lineage for q in template.questions.all()}
    record_created(
        Question.objects.bulk_create(
            Question(template=revised, origin_id=lineage.get(draft.pk), **draft.fields())
            for draft in questions
        )
    )


def _questions_update(template: SurveyTemplate, questions: Sequence[QuestionDraft]) -> None:
    """Edit a version never sent in place: its questions keep their ids (a page about one
    stays valid), new ones are added, and only those left out are deleted. A version
    never sent has no answers; were one there, PROTECT refuses to delete its question.
    The trail shows a changed question as such, not as removed and added again."""
    # Through the template's manager, each question knows its template: the trail
    # reads its workspace without a query.
    existing: dict[int | None, Question] = {q.pk: q for q in template.questions.all()}
    kept = [draft for draft in questions if draft.pk in existing]
    changed = []
    for draft in kept:
        question = existing[draft.pk]
        if any(getattr(question, name) != value for name, value in draft.fields().items()):
            for name, value in draft.fields().items():
                setattr(question, name, value)
            changed.append(question)
    kept_ids = {draft.pk for draft in kept}
    for pk, question in existing.items():
        if pk not in kept_ids:
            question.delete()
    if changed:
        Question.objects.bulk_update(changed, QUESTION_FIELDS)
        record_updates(changed)
    added = [draft for draft in questions if draft.pk not in existing]
    if added:
        record_created(
            Question.objects.bulk_create(
                Question(template=template, **draft.fields()) for draft in added
            )
        )


def template_drafts(template: SurveyTemplate) -> list[QuestionDraft]:
    """The questions of `template` as drafts, in their order."""
    return [question_draft_of(q) for q in template.questions.all()]


def _renumbered(drafts: Sequence[QuestionDraft]) -> list[QuestionDraft]:
    return [replace(draft, position=position) for position, draft in enumerate(drafts)]


def survey_questions_revise(
    *, template: SurveyTemplate, user, questions: Sequence[QuestionDraft]
) -> SurveyTemplate:
    """`survey_template_revise` with the template's own name and introduction: the
    builder's edits of one question (add, change, remove, move) come through here."""
    return survey_template_revise(
        template=template,
        user=user,
        name_en=template.name_en,
        name_ru=template.name_ru,
        intro_en=template.intro_en,
        intro_ru=template.intro_ru,
        questions=_renumbered(questions),
    )


def drafts_with(
    drafts: Sequence[QuestionDraft], draft: QuestionDraft, *, at: int | None = None
) -> list[QuestionDraft]:
    """`drafts` with `draft` in place of the one at index `at`, or added at the end."""
    changed = list(drafts)
    if at is None:
        changed.append(replace(draft, pk=None))
    else:
        changed[at] = replace(draft, pk=changed[at].pk)
    return changed


def drafts_without(drafts: Sequence[QuestionDraft], at: int) -> list[QuestionDraft]:
    return [draft for index, draft in enumerate(drafts) if index != at]


def drafts_moved(drafts: Sequence[QuestionDraft], at: int, step: int) -> list[QuestionDraft] | None:
    """`drafts` with the one at `at` swapped with its neighbour `step` (-1 up, +1 down);
    None when there is no neighbour there (the first moved up, the last moved down)."""
    to = at + step
    if not 0 <= to < len(drafts):
        return None
    moved = list(drafts)
    moved[at], moved[to] = moved[to], moved[at]
    return moved


# --- Sending -----------------------------------------------------------------------------


class SkipReason(StrEnum):
    NO_EMAIL = "no_email"
    OPTED_OUT = "opted_out"
    QUIET = "quiet"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class Skipped:
    contact: Contact
    reason: SkipReason
    last_surveyed: datetime | None = None

    @property
    def text(self) -> str:
        """Why, in the current language, for the page and the CLI."""
        texts = {
            SkipReason.NO_EMAIL: _("has no e-mail address"),
            SkipReason.OPTED_OUT: _("asked for no more surveys"),
            SkipReason.QUIET: _("was surveyed on %(date)s, within the quiet period"),
            SkipReason.INACTIVE: _("has left the client"),
        }
        text = texts[self.reason]
        if self.last_surveyed is not None:
            text = text % {"date": timezone.localdate(self.last_surveyed).isoformat()}
        return text


@dataclass
class SendReport:
    invitations: list[Invitation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _last_surveyed(contacts: Sequence[Contact], since: datetime) -> dict[int, datetime]:
    """When each contact was last sent a survey after `since`, in one query."""
    rows = (
        Invitation.objects.filter(contact__in=[c.pk for c in contacts], created_at__gte=since)
        .exclude(bounced_at__isnull=False, answered_at__isnull=True)
        .values("contact")
        .annotate(last=Max("created_at"))
    )
    return {row["contact"]: row["last"] for row in rows}


def _skip_reason(contact: Contact, last: datetime | None) -> SkipReason | None:
    if not contact.active:
        return SkipReason.INACTIVE
    if not contact.email:
        return SkipReason.NO_EMAIL
    if contact.surveys_opted_out_at is not None:
        return SkipReason.OPTED_OUT
    if last is not None:
        return SkipReason.QUIET
    return None


def survey_send(
    *,
    workspace: Workspace,
    contacts: Iterable[Contact],
    by,
    template: SurveyTemplate | None = None,
    language: str | None = None,
    now: datetime | None = None,
    queue: bool = True,
) -> SendReport:
    """Invite each of `contacts` (of accounts of `workspace`) to answer `template` (by
    default the current relationship survey), except those who have left, have no
    e-mail, opted out or were surveyed within the quiet period: the report names them.

    With `queue` the e-mails go out through the worker (one task for the lot); without
    it they are sent from this process before returning (the CLI). Either way the one
    reminder is queued for its day."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _invitations_create(
            workspace=workspace,
            contacts=list(contacts),
            by=by,
            template=template,
            language=language,
            now=now,
            queue=queue,
        )
    if report.invitations and not queue:
        invitations_deliver([invitation.pk for invitation in report.invitations], now=now)
    return report


def _invitations_create(
    *, workspace, contacts: list[Contact], by, template, language, now, queue
) -> SendReport:
    rules = survey_settings_for(workspace)
    template = template or SurveyTemplate.objects.current_for(workspace)
    if any(c.workspace_id != workspace.pk for c in contacts):
        raise ValidationError("A contact of another workspace cannot be surveyed here.")
    last = _last_surveyed(contacts, now - timedelta(days=rules.quiet_days))
    report = SendReport()
    for contact in contacts:
        reason = _skip_reason(contact, last.get(contact.pk))
        if reason is not None:
            report.skipped.append(Skipped(contact, reason, last.get(contact.pk)))
            continue
        last[contact.pk] = now  # the same person listed twice is invited once
        report.invitations.append(
            Invitation(
                workspace=workspace,
                account_id=contact.account_id,
                contact=contact,
                contact_name=contact.name,
                email=contact.email,
                decision_role=contact.decision_role,
                language=language or contact.language,
                template=template,
                sent_by=by,
                created_at=now,
                expires_at=now + timedelta(days=rules.expiry_days),
            )
        )
    if not report.invitations:
        return report
    Invitation.objects.bulk_create(report.invitations)
    ids = [invitation.pk for invitation in report.invitations]
    _schedule(ids, rules=rules, now=now, queue=queue)
    return report


def _schedule(ids: list[int], *, rules: SurveySettings, now: datetime, queue: bool) -> None:
    """Queue the delivery (unless the caller sends at once) and the one reminder."""
    # The tasks call back into this module: imported here, not at the top.
    from keyfolio.surveys.tasks import deliver_invitations, remind_invitations

    if queue:
        deliver_invitations.enqueue(ids)
    if rules.reminder_days:
        remind_at = now + timedelta(days=rules.reminder_days)
        remind_invitations.using(run_after=remind_at).enqueue(ids)


# --- Delivering --------------------------------------------------------------------------


@dataclass
class DeliverySummary:
    sent: int = 0
    skipped: int = 0
    bounced: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "skipped": self.skipped, "bounced": self.bounced}


def _deliverable(ids: Sequence[int]):
    return (
        Invitation.objects.filter(pk__in=ids)
        .select_related("workspace", "template", "sent_by", "contact")
        .order_by("pk")
    )


def _opted_out(invitation: Invitation) -> bool:
    return invitation.contact is not None and invitation.contact.surveys_opted_out_at is not None


def _send_with_token(
    invitation: Invitation, *, claim: Q, stamp: dict, reminder: bool, now: datetime
) -> bool:
    """Claim the invitation (one UPDATE that only one worker wins), then send it with
    a fresh token whose hash the claim stored. A failure of the mail backend for this
    address is recorded as a bounce. Returns whether the e-mail went out."""
    token = new_token()
    column = "reminder_token_hash" if reminder else "token_hash"
    won = (
        Invitation.objects.filter(claim, pk=invitation.pk).update(
            **{column: token_hash(token)}, **stamp
        )
        == 1
    )
    if not won:
        return False
    try:
        invitation_message(invitation, token=token, reminder=reminder).send()
    except Exception as error:
        log.warning("Survey e-mail to %s bounced: %s", invitation.email, error)
        Invitation.objects.filter(pk=invitation.pk).update(
            bounced_at=now, bounce_reason=str(error)[:300]
        )
        raise
    return True


def invitations_deliver(ids: Sequence[int], *, now: datetime | None = None) -> DeliverySummary:
    """Send the survey e-mail of each invitation not sent yet (a retry sends only the
    ones still owed), unless its contact opted out since."""
    now = now or timezone.now()
    summary = DeliverySummary()
    for invitation in _deliverable(ids):
        if invitation.sent_at is not None or _opted_out(invitation):
            summary.skipped += 1
            continue
        try:
            sent = _send_with_token(
                invitation,
                claim=Q(sent_at__isnull=True),
                stamp={"sent_at": now},
                reminder=False,
                now=now,
            )
        except Exception:
            summary.bounced.append(invitation.email)
            continue
        summary.sent += sent
        summary.skipped += not sent
    return summary


def invitations_remind(ids: Sequence[int], *, now: datetime | None = None) -> DeliverySummary:
    """The one reminder, to those who were sent the survey and have not answered, while
    their link is valid, unless they bounced or opted out."""
    now = now or timezone.now()
    summary = DeliverySummary()
    owed = Q(
        sent_at__isnull=False,
        answered_at__isnull=True,
        reminded_at__isnull=True,
        bounced_at__isnull=True,
        expires_at__gt=now,
    )
    for invitation in _deliverable(ids).filter(owed):
        if _opted_out(invitation):
            summary.skipped += 1
            continue
        try:
            sent = _send_with_token(
                invitation, claim=owed, stamp={"reminded_at": now}, reminder=True, now=now
            )
        except Exception:
            summary.bounced.append(invitation.email)
            continue
        summary.sent += sent
        summary.skipped += not sent
    return summary


# --- The public side ---------------------------------------------------------------------


def invitation_opened(invitation: Invitation, *, now: datetime | None = None) -> None:
    """Note the first time the survey's page was opened (the send log's "opened")."""
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=now or timezone.now()
        )


def _headline(questions: Sequence[Question], values: Mapping[int, Any]) -> dict[str, Any]:
    """The NPS and CSAT scores and the first comment, kept on the invitation."""
    headline: dict[str, Any] = {"nps": None, "csat": None, "comment": ""}
    for question in questions:
        value = values.get(question.pk)
        if value in (None, "", []):
            continue
        if question.kind == QuestionKind.NPS:
            headline["nps"] = value
        elif question.kind == QuestionKind.CSAT:
            headline["csat"] = value
        elif question.kind == QuestionKind.TEXT and not headline["comment"]:
            headline["comment"] = value
    return headline


def _answer_row(invitation: Invitation, question: Question, value: Any) -> Answer:
    if question.kind == QuestionKind.TEXT:
        return Answer(invitation=invitation, question=question, text=value)
    if question.kind == QuestionKind.MULTIPLE:
        return Answer(invitation=invitation, question=question, choices=list(value))
    if question.kind == QuestionKind.SINGLE:
        return Answer(invitation=invitation, question=question, choices=[value])
    return Answer(invitation=invitation, question=question, number=value)


@transaction.atomic
def survey_answer(
    *,
    invitation: Invitation,
    questions: Sequence[Question],
    values: Mapping[int, Any],
    now: datetime | None = None,
) -> bool:
    """Record the answer (`values`: question id → cleaned value). The invitation is
    claimed by one UPDATE that only an open one passes, so a link answers once, even
    when two submissions race. Returns False if it was no longer open."""
    now = now or timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, answered_at__isnull=True, sent_at__isnull=False, expires_at__gt=now
    ).update(answered_at=now, opened_at=invitation.opened_at or now, **_headline(questions, values))
    if not claimed:
        return False
    Answer.objects.bulk_create(
        _answer_row(invitation, question, values[question.pk])
        for question in questions
        if values.get(question.pk) not in (None, "", [])
    )
    # The claim is an UPDATE, which sends no model signal: rule 5 reads the answer.
    accounts_changed.send(sender=Invitation, account_ids=[invitation.account_id])
    survey_answered.send(sender=Invitation, invitation=invitation)
    return True


def contact_opt_out(invitation: Invitation, *, now: datetime | None = None) -> None:
    """The invitation's contact gets no more surveys (the link in every survey e-mail).
    The contact's history shows it, as a change that nobody signed in made."""
    if invitation.contact_id is None:
        return
    now = now or timezone.now()
    opted_out = Contact.objects.filter(
        pk=invitation.contact_id, surveys_opted_out_at__isnull=True
    ).update(surveys_opted_out_at=now)
    if opted_out:
        record_bulk(
            workspace_id=invitation.workspace_id,
            model=Contact,
            changes=[
                BulkChange(
                    object_id=invitation.contact_id,
                    account_id=invitation.account_id,
                    action=AuditEvent.Action.UPDATE,
                    changes={"surveys_opted_out_at": [None, now]},
                    object_repr=invitation.contact_name,
                )
            ],
        )


def decision_makers(accounts) -> list[Contact]:
    """The active decision-makers of `accounts` (a queryset), for a survey of a zone or a
    segment, in one query."""
    return list(
        Contact.objects.filter(
            account__in=accounts, active=True, decision_role=DecisionRole.DECISION_MAKER
        ).order_by("account__name", "name")
    )
