"""Writes on the activity log: logging, changing and deleting activities.

Every interface goes through these functions, so the rules are decided once: an
activity has at least one of our people, all of them members of the workspace; their
people are the account's contacts; a due date needs a next step; and a next step
becomes an Action (keyfolio.plans) so that it is followed up like any other action.
They raise ValidationError keyed by field so that a form shows each message by its
field.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity, ActivityRule, KindChoice
from keyfolio.method.activities import KIND_RULES, ActivityKind
from keyfolio.plans.models import Action, RuleChoice
from keyfolio.plans.services import action_create, action_update
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership

NEXT_STEP_MAX_LENGTH = Activity._meta.get_field("next_step").max_length or 300


def suggested_rules(kind: str) -> list[int]:
    """The rules an activity of this kind usually serves (KIND_RULES), in rule order;
    none for an unknown kind."""
    try:
        return sorted(KIND_RULES[ActivityKind(kind)])
    except ValueError:
        return []


# --- Checks ------------------------------------------------------------------------------


def _check(
    account: Account,
    *,
    kind: str,
    our_people: list[User],
    their_people: list[Contact],
    summary: str,
    next_step: str,
    next_step_due: date | None,
    rules: list[int],
) -> None:
    errors: dict[str, str] = {}
    if kind not in KindChoice.values:
        errors["kind"] = _("Choose a kind of activity.")
    if not summary and not their_people:
        # An entry with neither says nothing the playbook or a reader could use.
        errors["summary"] = _("Say what happened, or name who of theirs took part.")
    if not our_people:
        errors["our_people"] = _("Name at least one of our people who took part.")
    else:
        members = set(
            Membership.objects.filter(
                workspace_id=account.workspace_id, user_id__in=[user.pk for user in our_people]
            ).values_list("user_id", flat=True)
        )
        if any(user.pk not in members for user in our_people):
            errors["our_people"] = _("Our people must be members of this workspace.")
    if any(contact.account_id != account.pk for contact in their_people):
        errors["their_people"] = _("Their people must be contacts of this account.")
    if len(next_step) > NEXT_STEP_MAX_LENGTH:
        errors["next_step"] = _("Keep the next step under %(count)d characters.") % {
            "count": NEXT_STEP_MAX_LENGTH
        }
    elif next_step_due is not None and not next_step:
        errors["next_step"] = _("Say what the next step is, or clear its due date.")
    if any(rule not in RuleChoice.values for rule in rules):
        errors["rules"] = _("Choose among the six rules.")
    if errors:
        raise ValidationError(errors)


def _set_people_and_rules(
    activity: Activity, our_people: list[User], their_people: list[Contact], rules: list[int]
) -> None:
    activity.our_people.set(our_people)
    activity.their_people.set(their_people)
    activity.rules.all().delete()
    ActivityRule.objects.bulk_create(
        ActivityRule(activity=activity, rule=rule) for rule in sorted(set(rules))
    )


# --- Writes ------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    account: Account,
    by: User,
    kind: str,
    occurred_on: date,
    our_people: Iterable[User],
    their_people: Iterable[Contact] = (),
    summary: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
    rules: Iterable[int] | None = None,
) -> Activity:
    """Log an activity with the rules it serves and, when it has a next step, the action
    that follows it up (owned by `by`, due on `next_step_due`, for the first rule served).

    `rules=None` means "nobody chose": the kind's suggestion (KIND_RULES) applies. An
    empty list means the activity serves no rule. A date in the future is allowed: the
    activity is planned.
    """
    our_people, their_people = list(our_people), list(their_people)
    rules = suggested_rules(kind) if rules is None else sorted(set(rules))
    next_step = next_step.strip()
    _check(
        account,
        kind=kind,
        our_people=our_people,
        their_people=their_people,
        summary=summary.strip(),
        next_step=next_step,
        next_step_due=next_step_due,
        rules=rules,
    )
    activity = Activity.objects.create(
        workspace_id=account.workspace_id,
        account=account,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        next_step=next_step,
        next_step_due=next_step_due,
        created_by=by,
    )
    _set_people_and_rules(activity, our_people, their_people, rules)
    if next_step:
        activity.next_action = _follow_up(activity, by=by, rules=rules)
        activity.save(update_fields=["next_action"])
    return activity


def _follow_up(activity: Activity, *, by: User, rules: list[int]) -> Action:
    return action_create(
        account=activity.account,
        title=activity.next_step,
        owner=by,
        due_on=activity.next_step_due,
        rule=rules[0] if rules else None,
    )


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    kind: str,
    occurred_on: date,
    our_people: Iterable[User],
    their_people: Iterable[Contact],
    summary: str,
    next_step: str,
    next_step_due: date | None,
    rules: Iterable[int] | None,
) -> Activity:
    """Change an activity. Its action follows the next step: a new next step makes one
    (owned by `by`), a changed one renames and re-dates it, and a removed one unlinks it
    (the action stays on the account, as it may already be under way). The action's
    owner, rule and done state are the action's own and stay as they are."""
    our_people, their_people = list(our_people), list(their_people)
    rules = suggested_rules(kind) if rules is None else sorted(set(rules))
    next_step = next_step.strip()
    _check(
        activity.account,
        kind=kind,
        our_people=our_people,
        their_people=their_people,
        summary=summary.strip(),
        next_step=next_step,
        next_step_due=next_step_due,
        rules=rules,
    )
    activity.kind = kind
    activity.occurred_on = occurred_on
    activity.summary = summary.strip()
    activity.next_step = next_step
    activity.next_step_due = next_step_due
    action = activity.next_action
    if not next_step:
        activity.next_action = None
    elif action is None:
        activity.next_action = _follow_up(activity, by=by, rules=rules)
    elif (action.title, action.due_on) != (next_step, next_step_due):
        action_update(
            action=action,
            title=next_step,
            owner=action.owner,
            due_on=next_step_due,
            rule=action.rule,
            done=action.done,
        )
    activity.save()
    _set_people_and_rules(activity, our_people, their_people, rules)
    return activity


def activity_delete(*, activity: Activity) -> None:
    """Delete an activity. Its action stays on the account, no longer linked: deleting a
    record of the past must not cancel work that is under way."""
    activity.delete()
