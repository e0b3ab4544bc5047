"""Small pieces the `keyfolio` commands share."""

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.core.demo import DEMO_EMAIL, DEMO_PASSWORD
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace


def add_workspace_argument(parser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="SLUG",
        help="the workspace's short name (may be left out when there is only one workspace)",
    )


def workspace_for_command(slug: str | None) -> Workspace:
    """The workspace named by --workspace, or the only one there is."""
    if slug:
        return workspace_by_slug(slug)
    slugs = list(Workspace.objects.order_by("slug").values_list("slug", flat=True)[:21])
    if not slugs:
        raise CommandError(_("There is no workspace yet; run `keyfolio init` first."))
    if len(slugs) > 1:
        raise CommandError(
            _("There are several workspaces; choose one with --workspace SLUG (%(slugs)s).")
            % {"slugs": ", ".join(slugs[:20]) + (", …" if len(slugs) > 20 else "")}
        )
    return Workspace.objects.get(slug=slugs[0])


def workspace_by_slug(slug: str) -> Workspace:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise CommandError(_("There is no workspace '%(slug)s'.") % {"slug": slug})
    return workspace


def new_password() -> str:
    """A password for a person created without one; shown once, never stored in clear."""
    return secrets.token_urlsafe(12)


def password_validate(password: str, *, email: str, full_name: str = "") -> None:
    """Refuse a password that the web forms would refuse (AUTH_PASSWORD_VALIDATORS), with
    every reason; the person it is for need not exist yet."""
    try:
        validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as error:
        reasons = "\n".join(f"  - {message}" for message in error.messages)
        raise CommandError(
            _("The password was refused; nothing was changed:\n%(reasons)s") % {"reasons": reasons}
        ) from None


def demo_login_lines() -> list[str]:
    return [
        _("Keyfolio:    %(url)s") % {"url": settings.SITE_URL},
        _("Demo login:  %(email)s / %(password)s")
        % {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
    ]


def read_table_for_command(file: str):
    """The rows of a CSV or XLSX file, or a CommandError that says why not."""
    from keyfolio.core.tables import TableError, table_read

    try:
        with open(file, "rb") as stream:
            return table_read(stream)
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
        ) from None
    except TableError as error:
        raise CommandError(str(error)) from None


def refuse_import(command, errors) -> None:
    """Print every row error with its line number and stop: nothing was imported."""
    if not errors:
        return
    for row_error in errors:
        command.stderr.write(str(row_error))
    count = len(errors)
    raise CommandError(
        ngettext(
            "Nothing was imported: %(count)d error.",
            "Nothing was imported: %(count)d errors.",
            count,
        )
        % {"count": count}
    )
