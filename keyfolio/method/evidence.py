"""What the dossier's data suggests for a criterion: the rules behind the assessment
form's hints.

Each rule turns plain facts (counts, dates, amounts) into a suggested score, in steps
of five within 0..100 as people score, together with any number its reason quotes that
is not already one of the facts. A rule returns None when the data says nothing about
its criterion, and then no hint is shown. The Django side
(keyfolio.assessments.evidence) gathers the facts and words the hints.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from keyfolio.method.coverage import Coverage
from keyfolio.method.freshness import INTEL_STALE_AFTER, is_stale
from keyfolio.method.plan import share_of_wallet

# Purchase frequency looks at the last year.
FREQUENCY_MONTHS = 12
# Client knowledge: the plan's answers weigh 60, fresh intelligence 40.
PLAN_WEIGHT = 60
INTEL_WEIGHT = 40
# "Updated within 6 months", as the knowledge rule says it.
INTEL_FRESH_MONTHS = round(INTEL_STALE_AFTER.days / 30.4)


def about(value: float) -> int:
    """A suggestion as people score: in steps of five, within 0..100."""
    return int(min(100, max(0, 5 * round(value / 5))))


def purchase_frequency(months_with_revenue: int, *, months: int = FREQUENCY_MONTHS) -> int | None:
    """The share of the last `months` with revenue: every month is 100, half of them 50.

    No revenue at all may only mean that nobody records revenue for this account, so it
    says nothing about how often the client buys."""
    if months_with_revenue == 0:
        return None
    return about(100 * months_with_revenue / months)


def contact_count(coverage: Coverage) -> int | None:
    """10 for each active contact beyond the first (up to 50), plus up to 50 for the
    share of decision makers and economic buyers whom one of ours knows well. None
    without an active contact."""
    if coverage.active_contacts == 0:
        return None
    deciders = coverage.deciders
    return about(
        10 * min(coverage.active_contacts - 1, 5)
        + (50 * coverage.deciders_known_well / deciders if deciders else 0)
    )


class Intel(StrEnum):
    """The state of the client intelligence, as the knowledge rule sees it."""

    NONE = "none"  # nothing recorded
    STALE = "stale"
    FRESH = "fresh"


@dataclass(frozen=True)
class Knowledge:
    suggestion: int
    intel: Intel


def client_knowledge(
    plan_share: float | None, intel_updated: date | None, *, today: date
) -> Knowledge | None:
    """Up to 60 for the share (0..1) of plan questions answered, plus 40 when the
    intelligence was updated within INTEL_STALE_AFTER. `plan_share` is None without a
    current plan; None when there is neither a plan nor any intelligence."""
    if plan_share is None and intel_updated is None:
        return None
    score = 0.0 if plan_share is None else PLAN_WEIGHT * plan_share
    if intel_updated is None:
        intel = Intel.NONE
    elif is_stale(intel_updated, today, INTEL_STALE_AFTER):
        intel = Intel.STALE
    else:
        intel = Intel.FRESH
        score += INTEL_WEIGHT
    return Knowledge(about(score), intel)


def client_competition(competitors: int) -> int | None:
    """70 with one competitor at the client, 15 less for each further one.

    Nothing recorded is not proof that nobody competes: None without competitors."""
    if competitors == 0:
        return None
    return about(85 - 15 * competitors)


@dataclass(frozen=True)
class Wallet:
    share: float  # our volume over the client's spend; above 1 the figures are wrong
    suggestion: int | None  # None when the share exceeds 1: a data problem, not a score

    @property
    def percent(self) -> int:
        """The share as the reason quotes it."""
        return round(100 * self.share)


def need_for_us(current_volume: float | None, client_spend: float | None) -> Wallet | None:
    """The share of wallet: the more of their spend comes to us, the harder we are to
    replace. None when either figure is unknown or the spend is not positive."""
    share = share_of_wallet(current_volume, client_spend)
    if share is None:
        return None
    return Wallet(share, None if share > 1 else about(100 * share))


def relationship(loyalty: int | None, average_attitude: float | None) -> int | None:
    """Loyalty 1..5 (from the plan) and the contacts' average attitude -2..2 (opponent …
    mentor) each map onto 0..100; the suggestion is their mean, or the one that is
    known. None when neither is."""
    scores: list[float] = []
    if loyalty is not None:
        scores.append(25 * (loyalty - 1))
    if average_attitude is not None:
        scores.append(25 * (average_attitude + 2))
    if not scores:
        return None
    return about(sum(scores) / len(scores))
