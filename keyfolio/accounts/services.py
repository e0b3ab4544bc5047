"""Writes on accounts: creating and changing them.

Every interface (pages, API, imports, demo data) goes through these functions, so
that who may own an account, who may sit on its team and how a name must differ
from the others are decided in one place.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.accounts.models import DESCRIPTION_MAX_LENGTH, Account, ZoneChoice
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import record
from keyfolio.method import DEFAULT_GOAL, Zone
from keyfolio.method.zones import goal_range_is_ordered
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, Workspace, roles_at_least

# The fields of an account that a person edits on its form (and an import may set).
EDITABLE_FIELDS = (
    "name",
    "segment",
    "industry",
    "country",
    "website",
    "owner",
    "goal_min_zone",
    "goal_max_zone",
    "currency",
    "tax_id",
    "description",
    "forecast_client_index",
    "forecast_our_index",
    "parent",
)

# A group of companies is at most this many levels deep: a holding, its divisions,
# their companies. Deeper trees would make the parent's sums hard to read.
MAX_GROUP_DEPTH = 3


def workspace_members(workspace: Workspace, *, min_role: Role = Role.VIEWER) -> QuerySet[User]:
    """The members of the workspace whose role there is `min_role` or above."""
    # One filter() call, so that the role is the one held in *this* workspace.
    return User.objects.filter(
        memberships__workspace=workspace, memberships__role__in=roles_at_least(min_role)
    ).order_by("full_name", "email")


def account_manager_candidates(workspace: Workspace) -> QuerySet[User]:
    """Who may own an account: managers and above (viewers only read)."""
    return workspace_members(workspace, min_role=Role.MANAGER)


def name_taken(
    workspace: Workspace, name: str, *, exclude: Account | None = None
) -> Account | None:
    """The account of this workspace already called `name` (ignoring case), if any.

    Archived accounts count: their names stay reserved so that restoring one never
    collides with a newer namesake.
    """
    others = Account.objects.in_workspace(workspace).filter(name__iexact=name.strip())
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.only("pk", "name", "archived_at").first()


def duplicate_name_error(existing: Account) -> ValidationError:
    if existing.is_archived:
        message = _(
            "An archived account is already called “%(name)s”; restore it instead "
            "or choose another name."
        )
    else:
        message = _("An account called “%(name)s” already exists in this workspace.")
    return ValidationError({"name": message % {"name": existing.name}}, code="duplicate_name")


def _check_people(workspace: Workspace, owner: User | None, team: Iterable[User] | None) -> None:
    errors: dict[str, str] = {}
    if owner is not None and not account_manager_candidates(workspace).filter(pk=owner.pk).exists():
        errors["owner"] = _("The account manager must be a manager or above in this workspace.")
    if team is not None:
        team_ids = {user.pk for user in team}
        known = set(
            workspace_members(workspace).filter(pk__in=team_ids).values_list("pk", flat=True)
        )
        if team_ids - known:
            errors["team"] = _("Everyone on the account team must be a member of this workspace.")
    if errors:
        raise ValidationError(errors)


def forecast_errors(client: float | None, our: float | None) -> dict[str, str]:
    """What is wrong with a forecast point (METHOD.md §2), by field; empty if nothing.
    A point needs both positions, each within 0..100, or neither (no forecast)."""
    errors: dict[str, str] = {}
    if (client is None) != (our is None):
        missing = "forecast_our_index" if our is None else "forecast_client_index"
        errors[missing] = _("Give both forecast positions, or leave both empty.")
    for field, value in (("forecast_client_index", client), ("forecast_our_index", our)):
        if value is not None and not 0 <= value <= 100:
            errors[field] = _("A forecast position lies within 0 and 100.")
    return errors


def _check_forecast(account: Account) -> None:
    errors = forecast_errors(account.forecast_client_index, account.forecast_our_index)
    if errors:
        raise ValidationError(errors, code="forecast")


def goal_errors(minimum: str, maximum: str) -> dict[str, str]:
    """What is wrong with a goal range (METHOD.md §2), by field; empty if nothing."""
    if goal_range_is_ordered(Zone(minimum), Zone(maximum)):
        return {}
    return {
        "goal_max_zone": _(
            "The maximum (%(maximum)s) ranks below the minimum (%(minimum)s): choose "
            "%(minimum)s or a higher zone as the maximum."
        )
        % {"minimum": ZoneChoice(minimum).label, "maximum": ZoneChoice(maximum).label}
    }


def _check_goal(account: Account) -> None:
    errors = goal_errors(account.goal_min_zone, account.goal_max_zone)
    if errors:
        raise ValidationError(errors, code="goal")


def _check_description(account: Account) -> None:
    # The form checks this too (the model field's max_length); the service is also
    # called from code that has no form.
    if len(account.description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _(
                    "Keep the description under %(limit)s characters (this one has %(count)s)."
                )
                % {"limit": f"{DESCRIPTION_MAX_LENGTH:,}", "count": f"{len(account.description):,}"}
            },
            code="too_long",
        )


def _ancestor_ids(account_id: int) -> list[int]:
    """The ids of the account's parent, grandparent... (one query a level; the depth
    limit keeps them few, and a step past it guards against a cycle made elsewhere)."""
    ids: list[int] = []
    current = account_id
    while len(ids) <= MAX_GROUP_DEPTH:
        parent_id = Account.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        if parent_id is None or parent_id in ids:
            break
        ids.append(parent_id)
        current = parent_id
    return ids


def _levels_below(account: Account) -> int:
    """How many levels of children the account has (0 for none): one query a level."""
    if account.pk is None:
        return 0
    levels, level = 0, [account.pk]
    while level and levels <= MAX_GROUP_DEPTH:
        level = list(Account.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        levels += bool(level)
    return levels


def parent_error(account: Account, parent: Account | None) -> str | None:
    """Why `parent` cannot be the account's parent, or None when it can."""
    if parent is None:
        return None
    if parent.workspace_id != account.workspace_id:
        return _("Choose a parent account of this workspace.")
    ancestors = _ancestor_ids(parent.pk)
    if parent.pk == account.pk or account.pk in ancestors:
        return _(
            "%(parent)s belongs to the group of %(account)s: an account cannot be its own "
            "parent, directly or through other accounts."
        ) % {"parent": parent.name, "account": account.name}
    depth = len(ancestors) + 2 + _levels_below(account)
    if depth > MAX_GROUP_DEPTH:
        return _(
            "A group of companies has at most %(limit)d levels; with %(parent)s as its "
            "parent, this one would have %(depth)d."
        ) % {"limit": MAX_GROUP_DEPTH, "parent": parent.name, "depth": depth}
    return None


def _check_parent(account: Account) -> None:
    error = parent_error(account, account.parent)
    if error:
        raise ValidationError({"parent": error}, code="parent")


def _save(account: Account, team: Iterable[User] | None) -> Account:
    created = account.pk is None
    existing = name_taken(account.workspace, account.name, exclude=account)
    if existing is not None:
        raise duplicate_name_error(existing)
    try:
        # A savepoint, so that a concurrent namesake fails this write alone.
        with transaction.atomic():
            account.save()
    except IntegrityError:
        existing = name_taken(account.workspace, account.name, exclude=account)
        if existing is None:
            raise
        raise duplicate_name_error(existing) from None
    if team is not None:
        _team_set(account, team, created=created)
    return account


def _team_set(account: Account, team: Iterable[User], *, created: bool) -> None:
    """Set the team, and record who joined or left it in the audit trail (a many-to-many
    set sends no save)."""
    before = [] if created else sorted(account.team.values_list("pk", flat=True))
    account.team.set(team)
    after = sorted(member.pk for member in team)
    if before != after:
        record(account, AuditEvent.Action.UPDATE, {"team": [before, after]})


@transaction.atomic
def account_create(
    *,
    workspace: Workspace,
    name: str,
    owner: User | None,
    team: Iterable[User] = (),
    segment: str = "",
    industry: str = "",
    country: str = "",
    website: str = "",
    goal_min_zone: str = DEFAULT_GOAL.minimum.value,
    goal_max_zone: str = DEFAULT_GOAL.maximum.value,
    currency: str = "",
    tax_id: str = "",
    description: str = "",
    forecast_client_index: float | None = None,
    forecast_our_index: float | None = None,
    parent: Account | None = None,
) -> Account:
    """A new active account; its currency defaults to the workspace's."""
    team = list(team)
    _check_people(workspace, owner, team)
    account = Account(
        workspace=workspace,
        name=name.strip(),
        owner=owner,
        segment=segment,
        industry=industry,
        country=country,
        website=website,
        goal_min_zone=goal_min_zone,
        goal_max_zone=goal_max_zone,
        currency=(currency or workspace.default_currency).upper(),
        tax_id=tax_id.strip(),
        description=description,
        forecast_client_index=forecast_client_index,
        forecast_our_index=forecast_our_index,
        parent=parent,
    )
    _check_parent(account)
    _check_forecast(account)
    _check_goal(account)
    _check_description(account)
    return _save(account, team)


@transaction.atomic
def account_update(*, account: Account, team: Iterable[User] | None = None, **changes) -> Account:
    """Change the given fields (any of EDITABLE_FIELDS) and, if given, the whole team."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise TypeError(f"account_update() cannot change {', '.join(unknown)}.")
    team = list(team) if team is not None else None
    _check_people(account.workspace, changes.get("owner"), team)
    for field, value in changes.items():
        setattr(account, field, value)
    account.name = account.name.strip()
    account.currency = (account.currency or account.workspace.default_currency).upper()
    _check_parent(account)
    _check_forecast(account)
    _check_goal(account)
    _check_description(account)
    return _save(account, team)


def membership_leave_accounts(*, membership: Membership) -> None:
    """Refuse to take out of a workspace a person who still owns accounts there
    (ValidationError), else take them off its account teams. Runs on
    workspaces.signals.membership_removing, inside membership_remove's transaction."""
    owned = Account.objects.filter(workspace_id=membership.workspace_id, owner=membership.user_id)
    count = owned.count()
    if count:
        raise ValidationError(
            ngettext(
                "%(name)s still owns %(count)d account. Give it to someone else first.",
                "%(name)s still owns %(count)d accounts. Give them to someone else first.",
                count,
            )
            % {"name": membership.user, "count": count},
            code="owns_accounts",
        )
    Account.team.through.objects.filter(
        account__workspace_id=membership.workspace_id, user=membership.user_id
    ).delete()
