"""Satisfaction surveys as figures (rule 5 of the method): NPS, CSAT, response rate and
their trend, from plain answers.

- **NPS** (Net Promoter Score, Reichheld / Bain): answers 0–10 to "how likely are you to
  recommend us"; the share of promoters (9–10) minus the share of detractors (0–6), in
  percentage points, from −100 to +100. Passives (7–8) count in the total only.
- **CSAT** (customer satisfaction): answers 1–5; we use the standard "top-two-box" form,
  the share of satisfied answers (4 or 5) in per cent, 0–100, rather than the mean:
  it is what most benchmarks publish and it reads like NPS, as a share of people.
- **Response rate**: answered invitations over invitations sent, in per cent.
- **Trend**: the figure over the recent window minus the figure over the window before
  it (both optional: no answers, no figure, no trend).

No figure exists without an answer: every function returns None for an empty input.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

NPS_MIN, NPS_MAX = 0, 10
CSAT_MIN, CSAT_MAX = 1, 5
PROMOTER_FROM = 9  # 9 and 10
DETRACTOR_UP_TO = 6  # 0 to 6
SATISFIED_FROM = 4  # 4 and 5


def nps(scores: Sequence[int]) -> float | None:
    """The Net Promoter Score of 0–10 answers: % promoters − % detractors (−100..100)."""
    promoters = sum(1 for score in scores if score >= PROMOTER_FROM)
    detractors = sum(1 for score in scores if score <= DETRACTOR_UP_TO)
    return nps_of_counts(promoters, detractors, len(scores))


def nps_of_counts(promoters: int, detractors: int, answers: int) -> float | None:
    """The NPS from counts, as a database counts them for many answers at once."""
    if answers <= 0:
        return None
    return 100.0 * (promoters - detractors) / answers


def is_detractor(score: int) -> bool:
    """A 0–6 answer: the person would not recommend us."""
    return score <= DETRACTOR_UP_TO


def csat(scores: Sequence[int]) -> float | None:
    """The CSAT of 1–5 answers: the share of 4s and 5s, in per cent (0..100)."""
    satisfied = sum(1 for score in scores if score >= SATISFIED_FROM)
    return csat_of_counts(satisfied, len(scores))


def csat_of_counts(satisfied: int, answers: int) -> float | None:
    """The CSAT from counts: `satisfied` answers of 4 or 5 among `answers`."""
    if answers <= 0:
        return None
    return 100.0 * satisfied / answers


def response_rate(sent: int, answered: int) -> float | None:
    """Answered over sent, in per cent; None when nothing was sent."""
    if sent <= 0:
        return None
    return 100.0 * min(answered, sent) / sent


def change(previous: float | None, current: float | None) -> float | None:
    """How far a figure moved from the previous window to the current one."""
    if previous is None or current is None:
        return None
    return current - previous


@dataclass(frozen=True)
class Answered:
    """One answered survey as the figures need it: when, and its two scores (either may
    be missing: a template without that question, or a question left blank)."""

    on: date
    nps: int | None
    csat: int | None


@dataclass(frozen=True)
class Figures:
    """The satisfaction of one account over a window, and how it moved since the one
    before (`nps_trend`, `csat_trend`: points, None without answers in both)."""

    responses: int
    nps: float | None
    csat: float | None
    nps_trend: float | None
    csat_trend: float | None


def _scores(answers: Iterable[Answered], field: str) -> list[int]:
    return [value for answer in answers if (value := getattr(answer, field)) is not None]


def figures(answers: Iterable[Answered], *, today: date, window_days: int) -> Figures:
    """NPS and CSAT over the answers of the last `window_days` (today included), with
    their change since the `window_days` before. Older answers are not counted."""
    start = today - timedelta(days=window_days - 1)
    previous_start = start - timedelta(days=window_days)
    answers = list(answers)
    current = [a for a in answers if start <= a.on <= today]
    previous = [a for a in answers if previous_start <= a.on < start]
    return _figures(current, previous)


def _figures(current: list[Answered], previous: list[Answered]) -> Figures:
    now_nps, now_csat = nps(_scores(current, "nps")), csat(_scores(current, "csat"))
    return Figures(
        responses=len(current),
        nps=now_nps,
        csat=now_csat,
        nps_trend=change(nps(_scores(previous, "nps")), now_nps),
        csat_trend=change(csat(_scores(previous, "csat")), now_csat),
    )


@dataclass(frozen=True)
class Quarter:
    """NPS and CSAT of the answers of one calendar quarter: the results page's history."""

    year: int
    quarter: int  # 1..4
    responses: int
    nps: float | None
    csat: float | None

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


def by_quarter(answers: Iterable[Answered]) -> list[Quarter]:
    """The answers' figures per calendar quarter, oldest first; quarters without an
    answer are left out."""
    groups: dict[tuple[int, int], list[Answered]] = {}
    for answer in answers:
        groups.setdefault((answer.on.year, (answer.on.month - 1) // 3 + 1), []).append(answer)
    return [
        Quarter(
            year,
            quarter,
            len(group),
            nps(_scores(group, "nps")),
            csat(_scores(group, "csat")),
        )
        for (year, quarter), group in sorted(groups.items())
    ]
