"""Writes of the playbook: a workspace's defaults, its thresholds, its catalog of
suggestions, and turning a suggestion into an action.

They raise ValidationError keyed by field, so that a form shows each message by its
field and nothing is saved.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Criterion
from keyfolio.method.playbook import Check, PlaybookThresholds
from keyfolio.method.recommendations import (
    CHECK_SUGGESTIONS,
    CRITERION_SUGGESTIONS,
    rule_for,
)
from keyfolio.plans.models import Action
from keyfolio.plans.selectors import current_plan
from keyfolio.plans.services import action_create
from keyfolio.playbook.models import CheckSnooze, PlaybookSettings, Recommendation
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

# A suggestion turned into an action is due this long after the click.
SUGGESTED_ACTION_DUE_IN = timedelta(days=14)

# The limits the thresholds form accepts, in days: a limit of ten years is no limit.
LIMIT_FIELDS = (
    "executive_contact_days",
    "strategy_review_days",
    "satisfaction_days",
    "survey_window_days",
    "intelligence_days",
    "assessment_days",
)
MAX_DAYS = 3650
DEFAULT_GRACE_DAYS = PlaybookThresholds().grace_days
DEFAULT_SURVEY_WINDOW_DAYS = PlaybookThresholds().survey_window_days
MAX_GRACE_DAYS = 365
# A snooze lasts at most this long: a check that should wait longer needs another
# threshold, not silence.
MAX_SNOOZE = timedelta(days=180)
SNOOZE_REASON_MAX_LENGTH = CheckSnooze._meta.get_field("reason").max_length or 300
TEXT_MAX_LENGTH = Recommendation._meta.get_field("text_en").max_length or 300


# --- Defaults ----------------------------------------------------------------------------


def recommendations_create_default(*, workspace: Workspace) -> list[Recommendation]:
    """Copy the default catalog (keyfolio.method.recommendations) into the workspace."""
    rows = [
        Recommendation(
            workspace=workspace,
            criterion_key=key,
            text_en=suggestion.text_en,
            text_ru=suggestion.text_ru,
            position=position,
        )
        for key, suggestions in CRITERION_SUGGESTIONS.items()
        for position, suggestion in enumerate(suggestions)
    ] + [
        Recommendation(
            workspace=workspace,
            check_key=check.value,
            text_en=suggestion.text_en,
            text_ru=suggestion.text_ru,
            position=position,
        )
        for check, suggestions in CHECK_SUGGESTIONS.items()
        for position, suggestion in enumerate(suggestions)
    ]
    return Recommendation.objects.bulk_create(rows)


@transaction.atomic
def playbook_create_default(*, workspace: Workspace) -> PlaybookSettings:
    """The default thresholds (METHOD.md §5) and catalog of suggestions of a workspace."""
    settings, _created = PlaybookSettings.objects.get_or_create(workspace=workspace)
    if not Recommendation.objects.filter(workspace=workspace).exists():
        recommendations_create_default(workspace=workspace)
    return settings


# --- Thresholds --------------------------------------------------------------------------


def _check_thresholds(values: dict[str, int], grace_days: int) -> None:
    errors = {}
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        errors["grace_days"] = _("Enter a number of days between 0 and %(max)d.") % {
            "max": MAX_GRACE_DAYS
        }
    for name in LIMIT_FIELDS:
        if not 1 <= values[name] <= MAX_DAYS:
            errors[name] = _("Enter a number of days between 1 and %(max)d.") % {"max": MAX_DAYS}
    shortest = min(values[name] for name in LIMIT_FIELDS)
    if values["warning_days"] < 0:
        errors["warning_days"] = _("Enter zero or more days.")
    elif not set(errors) - {"grace_days"} and values["warning_days"] >= shortest:
        errors["warning_days"] = _(
            "Warn fewer days ahead than the shortest limit (%(days)d days), or every "
            "check would always be amber."
        ) % {"days": shortest}
    if errors:
        raise ValidationError(errors)


def playbook_settings_update(
    *,
    settings: PlaybookSettings,
    executive_contact_days: int,
    strategy_review_days: int,
    satisfaction_days: int,
    intelligence_days: int,
    assessment_days: int,
    warning_days: int,
    grace_days: int = DEFAULT_GRACE_DAYS,
    survey_window_days: int = DEFAULT_SURVEY_WINDOW_DAYS,
) -> PlaybookSettings:
    values = {
        "executive_contact_days": executive_contact_days,
        "strategy_review_days": strategy_review_days,
        "satisfaction_days": satisfaction_days,
        "survey_window_days": survey_window_days,
        "intelligence_days": intelligence_days,
        "assessment_days": assessment_days,
        "warning_days": warning_days,
    }
    _check_thresholds(values, grace_days)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.grace_days = grace_days
    settings.save()
    return settings


# --- The catalog -------------------------------------------------------------------------


def _clean_texts(text_en: str, text_ru: str) -> tuple[str, str]:
    text_en, text_ru = text_en.strip(), text_ru.strip()
    errors = {}
    for name, text in (("text_en", text_en), ("text_ru", text_ru)):
        if not text:
            errors[name] = _("Write the suggestion in both languages.")
        elif len(text) > TEXT_MAX_LENGTH:
            errors[name] = _("Keep the suggestion under %(count)d characters.") % {
                "count": TEXT_MAX_LENGTH
            }
    if errors:
        raise ValidationError(errors)
    return text_en, text_ru


def _check_key(workspace: Workspace, criterion_key: str, check_key: str) -> None:
    if bool(criterion_key) == bool(check_key):
        raise ValidationError({"key": _("Choose a criterion or a check.")})
    if check_key and check_key not in {check.value for check in Check}:
        raise ValidationError({"key": _("“%(key)s” is not a check.") % {"key": check_key}})
    if criterion_key:
        known = Criterion.objects.filter(methodology__workspace=workspace, key=criterion_key)
        if not known.exists():
            raise ValidationError(
                {
                    "key": _("“%(key)s” is not a criterion of this workspace.")
                    % {"key": criterion_key}
                }
            )


def recommendation_create(
    *,
    workspace: Workspace,
    text_en: str,
    text_ru: str,
    criterion_key: str = "",
    check_key: str = "",
) -> Recommendation:
    """A new suggestion for a criterion or a check, after the ones it already has."""
    _check_key(workspace, criterion_key, check_key)
    text_en, text_ru = _clean_texts(text_en, text_ru)
    siblings = Recommendation.objects.filter(
        workspace=workspace, criterion_key=criterion_key, check_key=check_key
    )
    last = siblings.aggregate(last=Max("position"))["last"]
    return Recommendation.objects.create(
        workspace=workspace,
        criterion_key=criterion_key,
        check_key=check_key,
        text_en=text_en,
        text_ru=text_ru,
        position=0 if last is None else last + 1,
    )


def recommendation_update(
    *, recommendation: Recommendation, text_en: str, text_ru: str, position: int, active: bool
) -> Recommendation:
    """Reword, reorder, retire (active=False) or bring back a suggestion."""
    recommendation.text_en, recommendation.text_ru = _clean_texts(text_en, text_ru)
    recommendation.position = position
    recommendation.active = active
    recommendation.save()
    return recommendation


# --- From a suggestion to an action ------------------------------------------------------


def suggested_action_create(
    *, account: Account, recommendation: Recommendation, by: User, today: date
) -> Action:
    """Turn a suggestion into an action on the account: its text in the current language
    as the title, the rule of its check or criterion, owned by the account's manager (by
    `by` when it has none), due in two weeks, on the current plan if there is one."""
    if recommendation.workspace_id != account.workspace_id:
        raise ValidationError(_("This suggestion belongs to another workspace."))
    rule = rule_for(criterion_key=recommendation.criterion_key, check_key=recommendation.check_key)
    return action_create(
        account=account,
        title=recommendation.text,
        plan=current_plan(account),
        owner=account.owner or by,
        due_on=today + SUGGESTED_ACTION_DUE_IN,
        rule=None if rule is None else rule.value,
    )


# --- Snoozing a check --------------------------------------------------------------------


def _check_snooze(check_key: str, until: date | None, reason: str, today: date) -> str:
    errors = {}
    if check_key not in {check.value for check in Check}:
        errors["check_key"] = _("“%(key)s” is not a check.") % {"key": check_key}
    if until is None:
        errors["until"] = _("Enter the day the check comes back.")
    elif until <= today:
        errors["until"] = _("Choose a day after today.")
    elif until > today + MAX_SNOOZE:
        errors["until"] = _("Snooze for at most %(days)d days, until %(day)s.") % {
            "days": MAX_SNOOZE.days,
            "day": (today + MAX_SNOOZE).isoformat(),
        }
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Say why the check can wait.")
    elif len(reason) > SNOOZE_REASON_MAX_LENGTH:
        errors["reason"] = _("Keep the reason under %(count)d characters.") % {
            "count": SNOOZE_REASON_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    return reason


@transaction.atomic
def check_snooze(
    *, account: Account, check_key: str, until: date | None, reason: str, by: User, today: date
) -> CheckSnooze:
    """Take a check of an account off the attention list until `until` (a day after
    today, at most MAX_SNOOZE ahead), saying why; snoozing it again replaces the
    snooze. The account's place on the queue is computed again on commit."""
    reason = _check_snooze(check_key, until, reason, today)
    snooze, _created = CheckSnooze.objects.update_or_create(
        account=account,
        check_key=check_key,
        defaults={"workspace_id": account.workspace_id, "until": until, "reason": reason, "by": by},
    )
    return snooze


@transaction.atomic
def check_unsnooze(*, account: Account, check_key: str) -> bool:
    """Put a snoozed check back on the attention list; False when it was not snoozed."""
    deleted, _rows = CheckSnooze.objects.filter(account=account, check_key=check_key).delete()
    return bool(deleted)
