"""The words of the playbook: each check's name and each reason code's sentence.

keyfolio.method.playbook answers with codes ("executive_contact.overdue") and numbers
({"days": 124, "limit": 90}); this is the one place that turns them into translated
sentences ("Last executive contact 124 days ago (limit 90)"), for the overview, the
attention list, the CLI and the e-mails alike.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from keyfolio.method.playbook import CHECK_RULE, RELATIONSHIP_CHECKS, Check
from keyfolio.plans.models import RuleChoice

# Action items on the attention list are not checks, but they sit in the same list
# with a "check" of their own.
ACTION_DUE = "action_due"
ACTION_OVERDUE = "action_overdue"

# The general checks have no rule; those of a rule are named after it, but for the
# second check of rule 5.
_CHECK_NAMES: dict[str, Promise] = {
    Check.ASSESSMENT_FRESH: _("Assessment up to date"),
    # Rule 5's second check, named apart from the rule's own.
    Check.DETRACTOR: _("No detractor among decision makers"),
    Check.MULTI_THREADED: _("More than one contact"),
    Check.ZONE_HELD: _("Zone held"),
    ACTION_DUE: _("Action due"),
    ACTION_OVERDUE: _("Action overdue"),
}


def check_name(check: str) -> str:
    """The name of a check as the panel and the attention list show it."""
    try:
        rule = CHECK_RULE[Check(check)]
    except ValueError:
        rule = None
    if rule is not None and check not in _CHECK_NAMES:
        return str(RuleChoice(rule.value).label)
    return str(_CHECK_NAMES.get(check, check))


# A sentence with a number of days agrees with it (Russian has three plural forms):
# ngettext_lazy(singular, plural, "days") picks the form from numbers["days"]. It is
# called directly, not through a helper, so that makemessages finds the sentences.
_REASONS: dict[str, Promise] = {
    # Rule 1.
    "executive_contact.never": _("No executive contact recorded (limit %(limit)d days)"),
    "executive_contact.overdue": ngettext_lazy(
        "Last executive contact %(days)d day ago (limit %(limit)d)",
        "Last executive contact %(days)d days ago (limit %(limit)d)",
        "days",
    ),
    "executive_contact.due_soon": ngettext_lazy(
        "Last executive contact %(days)d day ago: the limit of %(limit)d is near",
        "Last executive contact %(days)d days ago: the limit of %(limit)d is near",
        "days",
    ),
    "executive_contact.ok": ngettext_lazy(
        "Last executive contact %(days)d day ago",
        "Last executive contact %(days)d days ago",
        "days",
    ),
    # Rule 2.
    "joint_strategy.never": _("The account plan has never been reviewed"),
    "joint_strategy.overdue": ngettext_lazy(
        "Account plan last reviewed %(days)d day ago (limit %(limit)d)",
        "Account plan last reviewed %(days)d days ago (limit %(limit)d)",
        "days",
    ),
    "joint_strategy.due_soon": ngettext_lazy(
        "Account plan reviewed %(days)d day ago: the limit of %(limit)d is near",
        "Account plan reviewed %(days)d days ago: the limit of %(limit)d is near",
        "days",
    ),
    "joint_strategy.not_agreed": _("The account plan is not agreed with the client yet"),
    "joint_strategy.win_win": ngettext_lazy(
        "Account plan reviewed %(days)d day ago; win-win terms agreed at a recent meeting",
        "Account plan reviewed %(days)d days ago; win-win terms agreed at a recent meeting",
        "days",
    ),
    "joint_strategy.ok": ngettext_lazy(
        "Account plan reviewed %(days)d day ago and agreed with the client",
        "Account plan reviewed %(days)d days ago and agreed with the client",
        "days",
    ),
    # Rule 3.
    "new_offer.none": _("No new offer or opportunity since the start of last quarter"),
    "new_offer.not_this_quarter": _("No new offer or opportunity this quarter yet"),
    "new_offer.ok": _("A new offer was made this quarter"),
    # Rule 4.
    "resources.none": _("The plan names no resource owner and no capacity"),
    "resources.partial": _("The plan lacks a resource owner or a capacity note"),
    "resources.ok": _("A resource owner and our capacity are on the plan"),
    # Rule 5.
    "satisfaction.never": _("No satisfaction feedback recorded (limit %(limit)d days)"),
    "satisfaction.overdue": ngettext_lazy(
        "Last satisfaction feedback %(days)d day ago (limit %(limit)d)",
        "Last satisfaction feedback %(days)d days ago (limit %(limit)d)",
        "days",
    ),
    "satisfaction.due_soon": ngettext_lazy(
        "Last satisfaction feedback %(days)d day ago: the limit of %(limit)d is near",
        "Last satisfaction feedback %(days)d days ago: the limit of %(limit)d is near",
        "days",
    ),
    "satisfaction.nps_dropped": _(
        "NPS fell by %(drop)d points, from %(before)d to %(now)d, over the last %(days)d days"
    ),
    "satisfaction.ok": ngettext_lazy(
        "Last satisfaction feedback %(days)d day ago",
        "Last satisfaction feedback %(days)d days ago",
        "days",
    ),
    "detractor.answered": ngettext_lazy(
        "A decision maker scored us %(score)d out of 10 (NPS) %(days)d day ago",
        "A decision maker scored us %(score)d out of 10 (NPS) %(days)d days ago",
        "days",
    ),
    "detractor.none": _("No decision maker answered the survey as a detractor"),
    # Rule 6.
    "intelligence.never": _("No client or competitor intelligence recorded"),
    "intelligence.overdue": ngettext_lazy(
        "Intelligence last updated %(days)d day ago (limit %(limit)d)",
        "Intelligence last updated %(days)d days ago (limit %(limit)d)",
        "days",
    ),
    "intelligence.due_soon": ngettext_lazy(
        "Intelligence updated %(days)d day ago: the limit of %(limit)d is near",
        "Intelligence updated %(days)d days ago: the limit of %(limit)d is near",
        "days",
    ),
    "intelligence.ok": ngettext_lazy(
        "Intelligence updated %(days)d day ago",
        "Intelligence updated %(days)d days ago",
        "days",
    ),
    # The general checks.
    "assessment_fresh.never": _("The account has never been assessed"),
    "assessment_fresh.overdue": ngettext_lazy(
        "Last assessed %(days)d day ago (limit %(limit)d)",
        "Last assessed %(days)d days ago (limit %(limit)d)",
        "days",
    ),
    "assessment_fresh.due_soon": ngettext_lazy(
        "Last assessed %(days)d day ago: the limit of %(limit)d is near",
        "Last assessed %(days)d days ago: the limit of %(limit)d is near",
        "days",
    ),
    "assessment_fresh.ok": ngettext_lazy(
        "Last assessed %(days)d day ago",
        "Last assessed %(days)d days ago",
        "days",
    ),
    "multi_threaded.single": _("Single-threaded: %(contacts)d active contact at the client"),
    "multi_threaded.thin": _("Only %(contacts)d active contacts at the client"),
    "multi_threaded.ok": _("%(contacts)d active contacts at the client"),
    "zone_held.moved_down": _("The account moved down a zone since the previous assessment"),
    "zone_held.no_history": _("Not enough assessments to compare zones yet"),
    "zone_held.ok": _("The account held or improved its zone"),
    # Actions on the attention list.
    "action_due.today": _("Action due today"),
    "action_due.soon": ngettext_lazy(
        "Action due in %(days)d day", "Action due in %(days)d days", "days"
    ),
    "action_overdue": ngettext_lazy(
        "Action overdue by %(days)d day", "Action overdue by %(days)d days", "days"
    ),
}


# A new account's relationship checks wait for the grace period: one sentence for all.
_GRACE = ngettext_lazy(
    "New account: this check applies in %(days)d day",
    "New account: this check applies in %(days)d days",
    "days",
)
_REASONS.update({f"{check}.grace": _GRACE for check in RELATIONSHIP_CHECKS})


def reason_text(code: str, numbers: dict[str, int] | None = None) -> str:
    """The sentence for a reason code in the current language, with its numbers."""
    sentence = _REASONS.get(code)
    if sentence is None:
        return code
    # A plural sentence picks its form from the numbers, so it is formatted lazily.
    return str(sentence % numbers) if numbers else str(sentence)


def known_reasons() -> frozenset[str]:
    return frozenset(_REASONS)
