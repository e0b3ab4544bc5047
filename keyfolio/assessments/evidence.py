"""Data-backed hints for the assessment form.

Where the dossier holds data about a criterion, the form shows what it says next to
the slider: "revenue in 9 of the last 12 months → about 75". The manager still
decides the score; a hint only states the facts, the tab they come from and, where
a transparent rule allows, the score that rule suggests. Criteria without data get
no hint.

The facts come from the one gatherer (keyfolio.assessments.facts), which reads them
through the shared selectors (revenue months, coverage, active contacts, the current
plan and its completeness, intelligence freshness, competitors at the client), so
that a hint never disagrees with the tab it links to nor with the playbook. The
criteria that the client's own voice speaks to (the relationship, the quality of our
services) also show the surveys' figures of the last year, on a line of their own: the
figures inform the score but no rule turns them into one. The rules
that turn facts into a suggestion are pure functions in keyfolio.method.evidence;
this module words their results and states each rule in words. The whole read costs a
constant number of queries.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from keyfolio.accounts.models import Account
from keyfolio.assessments.facts import EvidenceFacts, evidence_facts
from keyfolio.method import evidence as rules
from keyfolio.plans.models import PriceOrValue
from keyfolio.surveys.selectors import Satisfaction
from keyfolio.surveys.templatetags.survey_tags import signed

# The dossier tabs a hint may point at: URL name -> (icon, label), as in the tabs.
TABS = {
    "dossier:plan": ("bi-journal-check", gettext_lazy("Plan")),
    "stakeholders:map": ("bi-diagram-3", gettext_lazy("Stakeholders")),
    "intel:index": ("bi-binoculars", gettext_lazy("Intelligence")),
    "revenue:index": ("bi-graph-up-arrow", gettext_lazy("Revenue")),
    "surveys:account": ("bi-chat-heart", gettext_lazy("Surveys")),
}
SURVEYS_TAB = "surveys:account"


@dataclass(frozen=True)
class Tab:
    url_name: str
    icon: str
    label: str


@dataclass(frozen=True)
class Hint:
    """What the data says about one criterion. `suggestion` (0..100, in steps of
    five like people score) is set only when `rule` explains how it follows.
    `surveys` is the line of survey figures, shown apart and linked to the Surveys
    tab; a hint may hold that line alone (no `text`, no `tabs`)."""

    text: str
    tabs: tuple[str, ...]  # URL names of the dossier tabs the facts come from
    suggestion: int | None = None
    rule: str = ""
    surveys: str = ""

    @property
    def links(self) -> list[Tab]:
        return [_tab(name) for name in self.tabs]

    @property
    def surveys_link(self) -> Tab:
        return _tab(SURVEYS_TAB)

    @property
    def icon(self) -> str:
        return TABS[self.tabs[0] if self.tabs else SURVEYS_TAB][0]


def _tab(url_name: str) -> Tab:
    icon, label = TABS[url_name]
    return Tab(url_name, icon, str(label))


def evidence_for(account: Account, *, today: date) -> dict[str, Hint]:
    """Hints by criterion key, for the criteria the account's data speaks to."""
    facts = evidence_facts(account, today=today)
    hints = {key: rule(facts) for key, rule in RULES.items()}
    return {key: hint for key, hint in hints.items() if hint is not None}


def _suggesting(facts: Sequence[str], score: int) -> str:
    joined = "; ".join(facts)
    joined = joined[:1].upper() + joined[1:]  # A fact that starts mid-sentence may lead.
    return _("%(facts)s → about %(score)d") % {"facts": joined, "score": score}


# The hints, one per criterion ---------------------------------------------------


def purchase_frequency(facts: EvidenceFacts) -> Hint | None:
    months = facts.months_with_revenue
    score = rules.purchase_frequency(months)
    if score is None:
        return None
    text = _("Revenue in %(months)d of the last %(total)d months") % {
        "months": months,
        "total": rules.FREQUENCY_MONTHS,
    }
    return Hint(
        _suggesting([text], score),
        ("revenue:index",),
        score,
        _("The share of months with revenue: every month is 100, half of them 50."),
    )


def contact_count(facts: EvidenceFacts) -> Hint | None:
    coverage = facts.coverage
    score = rules.contact_count(coverage)
    if score is None:
        return None
    parts = [
        ngettext(
            "%(count)d active contact, %(known)d known well by our people",
            "%(count)d active contacts, %(known)d known well by our people",
            coverage.active_contacts,
        )
        % {"count": coverage.active_contacts, "known": coverage.known_well}
    ]
    if coverage.single_threaded:
        parts = [_("Single-threaded: one active contact")]
    elif coverage.deciders:
        parts.append(
            ngettext(
                "%(covered)d of %(deciders)d decision maker known well",
                "%(covered)d of %(deciders)d decision makers known well",
                coverage.deciders,
            )
            % {"covered": coverage.deciders_known_well, "deciders": coverage.deciders}
        )
    else:
        parts.append(_("no decision maker on the map"))
    return Hint(
        _suggesting(parts, score),
        ("stakeholders:map",),
        score,
        _(
            "10 for each contact beyond the first (up to 50), plus up to 50 for the "
            "decision makers and economic buyers whom one of ours knows well."
        ),
    )


def client_knowledge(facts: EvidenceFacts) -> Hint | None:
    done = facts.completeness
    found = rules.client_knowledge(
        done.share if done is not None else None, facts.intel_updated, today=facts.today
    )
    if found is None:
        return None
    parts, tabs = [], []
    if done is not None:
        parts.append(
            _("The plan answers %(answered)d of %(asked)d questions")
            % {"answered": done.answered, "asked": done.asked}
        )
        tabs.append("dossier:plan")
    else:
        parts.append(_("No current plan"))
    if facts.intel_updated is None:
        parts.append(_("no intelligence recorded"))
    else:
        ago = _ago(facts.intel_updated, facts.today)
        if found.intel == rules.Intel.STALE:
            parts.append(_("intelligence stale, last updated %(ago)s") % {"ago": ago})
        else:
            parts.append(_("intelligence updated %(ago)s") % {"ago": ago})
        tabs.append("intel:index")
    return Hint(
        _suggesting(parts, found.suggestion),
        tuple(tabs),
        found.suggestion,
        _(
            "Up to 60 for the share of plan questions answered, plus 40 when the "
            "intelligence was updated within %(months)d months."
        )
        % {"months": rules.INTEL_FRESH_MONTHS},
    )


def _ago(day: date, today: date) -> str:
    if day >= today:
        return _("today")
    return _("%(time)s ago") % {"time": timesince(day, today, depth=1)}


def client_competition(facts: EvidenceFacts) -> Hint | None:
    rivals = facts.rivals
    score = rules.client_competition(rivals.count)
    if score is None:
        return None
    parts = [
        ngettext(
            "%(count)d competitor recorded at the client",
            "%(count)d competitors recorded at the client",
            rivals.count,
        )
        % {"count": rivals.count}
    ]
    if rivals.share:
        parts.append(_("holding about %(share)d %% of its spend") % {"share": round(rivals.share)})
    return Hint(
        _suggesting(parts, score),
        ("intel:index",),
        score,
        _("70 with one competitor, 15 less for each further one."),
    )


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def need_for_us(facts: EvidenceFacts) -> Hint | None:
    plan = facts.plan
    if plan is None:
        return None
    wallet = rules.need_for_us(_number(plan.current_volume), _number(plan.client_total_spend))
    if wallet is None:
        return None
    if wallet.suggestion is None:
        text = _("The plan's current volume exceeds the client's total spend: check the figures")
        return Hint(text, ("dossier:plan",))
    text = _("We hold about %(share)d %% of the client's spend in our category (plan)") % {
        "share": wallet.percent
    }
    return Hint(
        _suggesting([text], wallet.suggestion),
        ("dossier:plan",),
        wallet.suggestion,
        _(
            "The share of wallet: the more of their spend comes to us, the harder we are "
            "to replace."
        ),
    )


PRIORITY_HINTS = {
    PriceOrValue.PRICE: gettext_lazy(
        "The plan says the client's priority is price: compare our prices with the rivals' "
        "on price alone"
    ),
    PriceOrValue.BALANCED: gettext_lazy(
        "The plan says the client weighs price and value alike: compare both"
    ),
    PriceOrValue.VALUE: gettext_lazy(
        "The plan says the client's priority is value: weigh what we deliver for the price, "
        "not the list price"
    ),
}


def prices(facts: EvidenceFacts) -> Hint | None:
    # The client's priority says how to judge our prices, not how good they are:
    # no suggestion.
    if facts.plan is None or not facts.plan.price_or_value:
        return None
    return Hint(str(PRIORITY_HINTS[PriceOrValue(facts.plan.price_or_value)]), ("dossier:plan",))


def relationship(facts: EvidenceFacts) -> Hint | None:
    return _with_surveys(_relationship_from_plan_and_contacts(facts), facts.satisfaction)


def service_quality(facts: EvidenceFacts) -> Hint | None:
    # Only the client can say how good our service is: the surveys' figures, no rule.
    return _with_surveys(None, facts.satisfaction)


def _relationship_from_plan_and_contacts(facts: EvidenceFacts) -> Hint | None:
    loyalty = facts.plan.loyalty if facts.plan else None
    attitudes = facts.attitudes
    average = attitudes.average_attitude if attitudes.count else None
    score = rules.relationship(loyalty, average)
    if score is None:
        return None
    parts, tabs = [], []
    if loyalty is not None:
        parts.append(_("loyalty %(loyalty)d of 5 in the plan") % {"loyalty": loyalty})
        tabs.append("dossier:plan")
    if average is not None:
        parts.append(
            ngettext(
                "%(count)d active contact: %(supporters)d for us, %(against)d against",
                "%(count)d active contacts: %(supporters)d for us, %(against)d against",
                attitudes.count,
            )
            % {
                "supporters": attitudes.supporters,
                "against": attitudes.against,
                "count": attitudes.count,
            }
        )
        tabs.append("stakeholders:map")
    return Hint(
        _suggesting(parts, score),
        tuple(tabs),
        score,
        _(
            "Loyalty 1–5 and the contacts' average attitude (opponent … mentor) each map "
            "onto 0–100; the suggestion is their mean."
        ),
    )


RULES = {
    "purchase_frequency": purchase_frequency,
    "contact_count": contact_count,
    "client_knowledge": client_knowledge,
    "client_competition": client_competition,
    "need_for_us": need_for_us,
    "prices": prices,
    "relationship": relationship,
    "service_quality": service_quality,
}


# The surveys' line ------------------------------------------------------------------


def _with_surveys(hint: Hint | None, satisfaction: Satisfaction) -> Hint | None:
    """`hint` with the survey figures' line, or that line alone; `hint` unchanged when
    nobody answered a survey in the last year."""
    line = surveys_line(satisfaction)
    if not line:
        return hint
    if hint is None:
        return Hint("", (), surveys=line)
    return replace(hint, surveys=line)


def surveys_line(satisfaction: Satisfaction) -> str:
    """ "Surveys: NPS +40, CSAT 80 % (5 answers, last 12 Mar 2026)"; "" without an
    answer in the window. A figure whose question nobody answered is left out."""
    if not satisfaction.responses or satisfaction.last_answered is None:
        return ""
    figures = []
    if satisfaction.nps is not None:
        figures.append(_("NPS %(nps)s") % {"nps": signed(satisfaction.nps)})
    if satisfaction.csat is not None:
        figures.append(_("CSAT %(csat)d %%") % {"csat": round(satisfaction.csat)})
    answers = ngettext(
        "%(count)d answer, last %(date)s",
        "%(count)d answers, last %(date)s",
        satisfaction.responses,
    ) % {
        "count": satisfaction.responses,
        "date": date_format(timezone.localdate(satisfaction.last_answered), "DATE_FORMAT"),
    }
    if not figures:
        return _("Surveys: %(answers)s") % {"answers": answers}
    return _("Surveys: %(figures)s (%(answers)s)") % {
        "figures": ", ".join(figures),
        "answers": answers,
    }
