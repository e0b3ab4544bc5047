"""Writes on an account's intelligence and on the workspace's competitors.

Every interface goes through these functions, so that what a valid note is, how a
competitor's name must differ from the others and when a competitor may go are
decided in one place. Each refuses bad input with a ValidationError keyed by field.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.accounts.models import Account
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

# --- notes -------------------------------------------------------------------------------


def _save_note(note: IntelNote) -> IntelNote:
    note.title, note.source = note.title.strip(), note.source.strip()
    note.body = note.body.strip()
    note.full_clean()
    note.save()
    return note


def intel_note_create(
    *, account: Account, by: User | None, kind: str, title: str, body: str = "", source: str = ""
) -> IntelNote:
    note = IntelNote(
        workspace_id=account.workspace_id,
        account=account,
        kind=kind,
        title=title,
        body=body,
        source=source,
        updated_by=by,
    )
    return _save_note(note)


def intel_note_update(
    *, note: IntelNote, by: User | None, kind: str, title: str, body: str, source: str
) -> IntelNote:
    """Rewrite the note; it counts as updated now, by `by`, which makes it fresh again."""
    note.kind, note.title, note.body, note.source = kind, title, body, source
    note.updated_by = by
    return _save_note(note)


def intel_note_delete(*, note: IntelNote) -> None:
    note.delete()


# --- the workspace's competitors -----------------------------------------------------------


def competitor_named(
    workspace: Workspace, name: str, *, exclude: Competitor | None = None
) -> Competitor | None:
    """The workspace's competitor called `name`, ignoring case and surrounding spaces.

    Compared in Python because SQLite ignores case only for ASCII letters, and a
    workspace has tens of competitors, not thousands."""
    wanted = name.strip().casefold()
    competitors = Competitor.objects.filter(workspace=workspace).only("pk", "name")
    if exclude is not None:
        competitors = competitors.exclude(pk=exclude.pk)
    return next((c for c in competitors if c.name.casefold() == wanted), None)


def _check_name(workspace: Workspace, name: str, *, exclude: Competitor | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the competitor's name.")})
    Competitor(workspace=workspace, name=name).clean_fields(exclude=["workspace"])  # Its length.
    existing = competitor_named(workspace, name, exclude=exclude)
    if existing is not None:
        raise ValidationError(
            {"name": _("A competitor called “%(name)s” already exists.") % {"name": existing.name}}
        )
    return name


def competitor_create(*, workspace: Workspace, name: str) -> Competitor:
    name = _check_name(workspace, name)
    try:
        with transaction.atomic():
            return Competitor.objects.create(workspace=workspace, name=name)
    except IntegrityError:
        # A colleague added the same name a moment ago.
        raise ValidationError(
            {"name": _("A competitor called “%(name)s” already exists.") % {"name": name}}
        ) from None


def competitor_rename(*, competitor: Competitor, name: str) -> Competitor:
    competitor.name = _check_name(competitor.workspace, name, exclude=competitor)
    competitor.save(update_fields=["name"])
    return competitor


def competitor_delete(*, competitor: Competitor) -> None:
    """Delete a competitor that no account mentions; one in use stays, so that no
    account loses what it knows about it by accident."""
    used = competitor.presences.count()
    if used:
        message = ngettext(
            "“%(name)s” is listed at %(count)d account; remove it there first.",
            "“%(name)s” is listed at %(count)d accounts; remove it there first.",
            used,
        )
        raise ValidationError(message % {"name": competitor.name, "count": used})
    competitor.delete()


# --- our competitors at an account ----------------------------------------------------------


def _competitor_for(account: Account, competitor: Competitor | None, new_name: str) -> Competitor:
    """The competitor picked, or the one typed: an existing one of that name, else new."""
    new_name = new_name.strip()
    if (competitor is None) == (not new_name):
        raise ValidationError(
            {"competitor": _("Pick a competitor from the list or type a new name, not both.")}
            if competitor is not None
            else {"competitor": _("Pick a competitor or type a new name.")}
        )
    if competitor is not None:
        if competitor.workspace_id != account.workspace_id:
            raise ValidationError({"competitor": _("Pick a competitor of this workspace.")})
        return competitor
    existing = competitor_named(account.workspace, new_name)
    if existing is not None:
        return existing
    try:
        return competitor_create(workspace=account.workspace, name=new_name)
    except ValidationError as error:
        raise ValidationError({"new_name": error.messages}) from None


def _save_presence(presence: CompetitorPresence) -> CompetitorPresence:
    presence.strengths, presence.weaknesses = (
        presence.strengths.strip(),
        presence.weaknesses.strip(),
    )
    presence.full_clean(exclude=["account", "competitor"], validate_constraints=False)
    presence.save()
    return presence


@transaction.atomic
def competitor_presence_create(
    *,
    account: Account,
    by: User | None,
    competitor: Competitor | None = None,
    new_name: str = "",
    estimated_share: float | None = None,
    strengths: str = "",
    weaknesses: str = "",
) -> CompetitorPresence:
    """List one of our competitors at the account, picked from the workspace's or typed
    (a typed new name joins the workspace's competitors). One entry per competitor."""
    presence = CompetitorPresence(
        account=account,
        estimated_share=estimated_share,
        strengths=strengths,
        weaknesses=weaknesses,
        updated_by=by,
    )
    # Check the share before a typed name creates a competitor that would then stay.
    presence.full_clean(exclude=["account", "competitor"], validate_constraints=False)
    presence.competitor = _competitor_for(account, competitor, new_name)
    taken = ValidationError(
        {
            "competitor": _("“%(name)s” is already listed at this account; edit it there.")
            % {"name": presence.competitor.name}
        }
    )
    if CompetitorPresence.objects.filter(account=account, competitor=presence.competitor).exists():
        raise taken
    try:
        with transaction.atomic():
            return _save_presence(presence)
    except IntegrityError:
        raise taken from None  # A colleague listed it a moment ago.


def competitor_presence_update(
    *,
    presence: CompetitorPresence,
    by: User | None,
    estimated_share: float | None,
    strengths: str,
    weaknesses: str,
) -> CompetitorPresence:
    presence.estimated_share = estimated_share
    presence.strengths, presence.weaknesses = strengths, weaknesses
    presence.updated_by = by
    return _save_presence(presence)


def competitor_presence_delete(*, presence: CompetitorPresence) -> None:
    """Take a competitor off the account; it stays among the workspace's competitors."""
    presence.delete()
