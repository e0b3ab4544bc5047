"""Finding an account from what someone typed on the command line (`keyfolio brief`,
`keyfolio survey`): one rule, with the candidates named when the text is ambiguous."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.workspaces.models import Workspace

SHOWN_CANDIDATES = 10


def account_for_command(workspace: Workspace, text: str) -> Account:
    """The workspace's account with this id or name: the exact name first, else the one
    account whose name contains `text`. Archived accounts count too."""
    accounts = Account.objects.in_workspace(workspace)
    text = text.strip()
    if text.isdigit() and (by_id := accounts.filter(pk=int(text)).first()):
        return by_id
    # As typed first: SQLite ignores case within ASCII only, so "iexact" misses Cyrillic.
    for lookup in ("name", "name__iexact"):
        exact = list(accounts.filter(**{lookup: text})[:2])
        if len(exact) == 1:
            return exact[0]
    matches = list(accounts.filter(name__icontains=text).order_by("name")[: SHOWN_CANDIDATES + 1])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CommandError(
            _("There is no account '%(text)s' in '%(slug)s'.")
            % {"text": text, "slug": workspace.slug}
        )
    names = ", ".join(f"{a.name} (id {a.pk})" for a in matches[:SHOWN_CANDIDATES])
    if len(matches) > SHOWN_CANDIDATES:
        names += ", …"
    raise CommandError(
        _("'%(text)s' matches several accounts; give the id or the full name: %(names)s.")
        % {"text": text, "names": names}
    )
