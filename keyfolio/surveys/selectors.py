"""Reads about surveys, batch-first: the satisfaction of one account or of many in one
query, and what the account's Surveys tab lists.

`account_satisfaction` and `satisfaction_by_account` are the API for the pages that
show satisfaction elsewhere (the playbook's rule 5, the dossier card, the brief, the
square's tooltip, the assessment's evidence): the figures are those of
keyfolio.method.surveys over a window of `window_days` (a year by default), with their
change since the window before.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.method import surveys as figures_of
from keyfolio.method.playbook import SurveyAnswer
from keyfolio.method.surveys import DETRACTOR_UP_TO, PROMOTER_FROM, Answered, Quarter
from keyfolio.stakeholders.models import DecisionRole
from keyfolio.surveys.models import Answer, Invitation

DEFAULT_WINDOW_DAYS = 365
SEND_LOG_ROWS = 50
SHOWN_COMMENTS = 20


@dataclass(frozen=True)
class Comment:
    text: str
    contact_name: str
    answered_at: datetime
    nps: int | None


@dataclass(frozen=True)
class Satisfaction:
    """An account's satisfaction over the window: answers counted, NPS (−100..100),
    CSAT (% of 4–5), the response rate (% of the surveys sent in the window that were
    answered), their trends (points since the window before), when the last answer came
    and the latest comment."""

    responses: int
    nps: float | None
    csat: float | None
    response_rate: float | None
    nps_trend: float | None
    csat_trend: float | None
    last_answered: datetime | None
    latest_comment: Comment | None

    @property
    def trend(self) -> float | None:
        """The NPS trend, the one the method watches (a drop warns)."""
        return self.nps_trend


_COLUMNS = (
    "account_id",
    "sent_at",
    "answered_at",
    "nps",
    "csat",
    "comment",
    "contact_name",
)


def satisfaction_by_account(
    accounts: Iterable[Account],
    *,
    today: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> dict[int, Satisfaction]:
    """The Satisfaction of each of `accounts` by id (every one gets an entry, empty when
    it was never surveyed), in one query whatever their number: the invitations of the
    last two windows, their columns only."""
    return satisfaction_by_account_id(
        [account.pk for account in accounts], today=today, window_days=window_days
    )


def satisfaction_by_account_id(
    account_ids: Iterable[int],
    *,
    today: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> dict[int, Satisfaction]:
    """satisfaction_by_account for callers that hold ids, not accounts (the facts
    gatherer of keyfolio.assessments.facts)."""
    today = today or timezone.localdate()
    ids = list(account_ids)
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=2 * window_days - 1), datetime.min.time())
    )
    rows = (
        Invitation.objects.filter(account__in=ids)
        .filter(Q(sent_at__gte=since) | Q(answered_at__gte=since))
        .order_by("answered_at")
        .values(*_COLUMNS)
    )
    by_account: dict[int, list[dict]] = {}
    for row in rows:
        by_account.setdefault(row["account_id"], []).append(row)
    return {
        pk: _satisfaction(by_account.get(pk, []), today=today, window_days=window_days)
        for pk in ids
    }


def nps_of_account(*, today: date, window_days: int = DEFAULT_WINDOW_DAYS) -> Subquery:
    """The NPS of the account over the window as a subquery to annotate accounts with
    (None when nobody answered the question): the figure of `satisfaction_by_account`,
    for pages that read accounts with values_list and must not add a query."""
    scored = Invitation.objects.filter(
        account=OuterRef("pk"),
        answered_at__gte=_window_start(today, window_days),
        nps__isnull=False,
    )
    promoters = Count("pk", filter=Q(nps__gte=PROMOTER_FROM))
    detractors = Count("pk", filter=Q(nps__lte=DETRACTOR_UP_TO))
    score = (
        scored.order_by()
        .values("account")
        .annotate(score=Cast(promoters - detractors, FloatField()) * 100.0 / Count("pk"))
        .values("score")
    )
    return Subquery(score, output_field=FloatField())


@dataclass(frozen=True)
class Tally:
    """The counts of a group of accounts' surveys over the window, from which its
    figures follow: what one GROUP BY row gives (see `tally_annotations`). Tallies of
    groups that share no account add up to the tally of their union."""

    accounts: int  # the accounts of the group
    accounts_answered: int  # those with an answer in the window
    sent: int  # surveys sent in the window
    sent_answered: int  # of those, the ones answered
    responses: int  # surveys answered in the window
    nps_answers: int
    promoters: int
    detractors: int
    csat_answers: int
    satisfied: int

    @classmethod
    def of(cls, row: dict) -> "Tally":
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            **{
                name: getattr(self, name) + getattr(other, name)
                for name in self.__dataclass_fields__
            }
        )

    @property
    def nps(self) -> float | None:
        return figures_of.nps_of_counts(self.promoters, self.detractors, self.nps_answers)

    @property
    def csat(self) -> float | None:
        return figures_of.csat_of_counts(self.satisfied, self.csat_answers)

    @property
    def response_rate(self) -> float | None:
        return figures_of.response_rate(self.sent, self.sent_answered)


def tally_annotations(*, today: date, window_days: int = DEFAULT_WINDOW_DAYS) -> dict:
    """The aggregates of a Tally, to annotate a GROUP BY of accounts with
    (`accounts.values(group).annotate(**tally_annotations(today=…))`): the figures of
    `satisfaction_by_account` for a whole group, counted by the database. The window is
    the same: answers and sendings from its first day to the end of `today`."""
    start = _window_start(today, window_days)
    end = _window_start(today + timedelta(days=1), 1)
    sent = Q(invitations__sent_at__gte=start, invitations__sent_at__lt=end)
    answered = Q(invitations__answered_at__gte=start, invitations__answered_at__lt=end)
    scored, rated = (
        answered & Q(invitations__nps__isnull=False),
        answered & Q(invitations__csat__isnull=False),
    )
    return {
        "accounts": Count("pk", distinct=True),
        "accounts_answered": Count("pk", distinct=True, filter=answered),
        "sent": Count("invitations", filter=sent),
        "sent_answered": Count(
            "invitations", filter=sent & Q(invitations__answered_at__isnull=False)
        ),
        "responses": Count("invitations", filter=answered),
        "nps_answers": Count("invitations", filter=scored),
        "promoters": Count("invitations", filter=scored & Q(invitations__nps__gte=PROMOTER_FROM)),
        "detractors": Count(
            "invitations", filter=scored & Q(invitations__nps__lte=DETRACTOR_UP_TO)
        ),
        "csat_answers": Count("invitations", filter=rated),
        "satisfied": Count(
            "invitations", filter=rated & Q(invitations__csat__gte=figures_of.SATISFIED_FROM)
        ),
    }


def _window_start(today: date, window_days: int) -> datetime:
    """The first moment of the window's first day, in the current time zone."""
    first_day = today - timedelta(days=window_days - 1)
    return timezone.make_aware(datetime.combine(first_day, datetime.min.time()))


def account_satisfaction(
    account: Account, *, today: date | None = None, window_days: int = DEFAULT_WINDOW_DAYS
) -> Satisfaction:
    """The Satisfaction of one account (one query)."""
    return satisfaction_by_account([account], today=today, window_days=window_days)[account.pk]


def _satisfaction(rows: list[dict], *, today: date, window_days: int) -> Satisfaction:
    answered = [row for row in rows if row["answered_at"] is not None]
    result = figures_of.figures(
        [Answered(timezone.localdate(r["answered_at"]), r["nps"], r["csat"]) for r in answered],
        today=today,
        window_days=window_days,
    )
    start = today - timedelta(days=window_days - 1)
    sent = [r for r in rows if r["sent_at"] and timezone.localdate(r["sent_at"]) >= start]
    commented = [row for row in answered if row["comment"]]
    latest = commented[-1] if commented else None
    return Satisfaction(
        responses=result.responses,
        nps=result.nps,
        csat=result.csat,
        response_rate=figures_of.response_rate(
            len(sent), sum(1 for r in sent if r["answered_at"] is not None)
        ),
        nps_trend=result.nps_trend,
        csat_trend=result.csat_trend,
        last_answered=answered[-1]["answered_at"] if answered else None,
        latest_comment=Comment(
            latest["comment"], latest["contact_name"], latest["answered_at"], latest["nps"]
        )
        if latest
        else None,
    )


@dataclass(frozen=True)
class AnsweredSurveys:
    """What rule 5 reads of an account's surveys: the day the last one was answered and
    the answers of the period asked for (keyfolio.method.playbook.SurveyAnswer)."""

    last_answered: date
    answers: tuple[SurveyAnswer, ...]


def survey_answers_by_account(
    account_ids: Iterable[int], *, today: date, days: int
) -> dict[int, AnsweredSurveys]:
    """The answered surveys of each account that has one, by id, in one query: every
    answer of the last `days` days (today included) and, for an account whose last answer
    is older, that answer alone. A decision maker is one by the role the contact had
    when surveyed (kept on the invitation), so that a deleted contact's answer counts."""
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=days - 1), datetime.min.time())
    )
    until = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    answered = Invitation.objects.filter(
        account_id__in=list(account_ids), answered_at__isnull=False, answered_at__lt=until
    )
    # The last answer of each account, whatever its age, rides along with the window's.
    last = answered.filter(account_id=OuterRef("account_id")).order_by("-answered_at", "-pk")
    rows = (
        answered.filter(Q(answered_at__gte=since) | Q(pk=Subquery(last.values("pk")[:1])))
        .order_by("answered_at", "pk")
        .values_list("account_id", "answered_at", "nps", "contact_id", "decision_role")
    )
    found: dict[int, list[SurveyAnswer]] = {}
    for account_id, answered_at, nps, contact_id, role in rows:
        found.setdefault(account_id, []).append(
            SurveyAnswer(
                on=timezone.localdate(answered_at),
                nps=nps,
                contact=contact_id,
                decision_maker=role == DecisionRole.DECISION_MAKER,
            )
        )
    return {
        pk: AnsweredSurveys(last_answered=answers[-1].on, answers=tuple(answers))
        for pk, answers in found.items()
    }


# --- The account's Surveys tab ----------------------------------------------------------


def send_log(account: Account) -> list[Invitation]:
    """The latest invitations of the account, newest first, with who sent them."""
    return list(
        Invitation.objects.filter(account=account)
        .select_related("sent_by")
        .order_by("-created_at", "-pk")[:SEND_LOG_ROWS]
    )


def comments(account: Account) -> list[Comment]:
    rows = (
        Invitation.objects.filter(account=account, answered_at__isnull=False)
        .exclude(comment="")
        .order_by("-answered_at")
        .values_list("comment", "contact_name", "answered_at", "nps")[:SHOWN_COMMENTS]
    )
    return [Comment(*row) for row in rows]


def quarters(account: Account) -> list[Quarter]:
    """NPS and CSAT per calendar quarter, every answer of the account's history (a few
    a year: small, and only two columns are read)."""
    rows = Invitation.objects.filter(account=account, answered_at__isnull=False).values_list(
        "answered_at", "nps", "csat"
    )
    return figures_of.by_quarter(
        Answered(timezone.localdate(at), nps, csat) for at, nps, csat in rows
    )


def answers_for_export(accounts) -> QuerySet[Answer]:
    """Every answer of the answered surveys of `accounts`, with what the export needs,
    ordered by survey then question; read in chunks by the writers."""
    return (
        Answer.objects.filter(invitation__account__in=accounts)
        .select_related("invitation__account", "invitation__template", "question")
        .order_by("invitation__answered_at", "invitation_id", "question__position")
    )
