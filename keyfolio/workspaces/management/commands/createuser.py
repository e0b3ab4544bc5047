from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from keyfolio.core.commands import new_password, password_validate
from keyfolio.users.models import User
from keyfolio.workspaces.commands import workspace_by_slug
from keyfolio.workspaces.models import Role
from keyfolio.workspaces.services import membership_set


class Command(BaseCommand):
    help = (
        "Create a user who logs in with EMAIL, and optionally add them to a workspace. "
        "Without --password a password is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--password", help="generated and printed if left out")
        parser.add_argument("--workspace", metavar="SLUG", help="add the user to this workspace")
        parser.add_argument(
            "--role",
            choices=Role.values,
            help=f"role in the workspace (default {Role.MANAGER.value})",
        )

    def handle(self, *args, email, name, password, workspace, role, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                _("'%(email)s' is not an e-mail address.") % {"email": email}
            ) from None
        if password is not None:
            password_validate(password, email=email, full_name=name)
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(_("A user with e-mail %(email)s already exists.") % {"email": email})
        if role and not workspace:
            raise CommandError(_("--role needs --workspace."))
        target = workspace_by_slug(workspace) if workspace else None

        generated = password is None
        password = new_password() if generated else password
        with transaction.atomic():
            user = User.objects.create_user(email, password, full_name=name)
            if target is not None:
                membership_set(workspace=target, user=user, role=Role(role or Role.MANAGER))
        self.stdout.write(self.style.SUCCESS(_("Created user %(email)s.") % {"email": email}))
        if target is not None:
            self.stdout.write(
                _("Added to '%(slug)s' as %(role)s.")
                % {"slug": target.slug, "role": Role(role or Role.MANAGER).label}
            )
        if generated:
            self.stdout.write(
                _("Password: %(password)s (shown only this once)") % {"password": password}
            )
