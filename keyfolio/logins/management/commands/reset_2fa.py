"""`keyfolio reset-2fa EMAIL`: turn off a person's two-factor log-in when they lost both
their phone and their recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyfolio.logins.sessions import sessions_end_others
from keyfolio.logins.two_factor import has_two_factor, two_factor_disable


class Command(BaseCommand):
    help = (
        "Turn off two-factor authentication for the person who logs in with EMAIL (their "
        "authenticator and recovery codes are forgotten) and log them out everywhere. They "
        "log in with their password alone and can set two-factor up again; a workspace "
        "that requires it asks them to."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", metavar="EMAIL")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("Nobody logs in as %(email)s.") % {"email": email})
        if not has_two_factor(user):
            self.stdout.write(
                _("%(email)s has no two-factor authentication.") % {"email": user.get_username()}
            )
            return
        two_factor_disable(user=user)
        sessions_end_others(user=user, keep=None)
        self.stdout.write(
            _("Two-factor authentication is off for %(email)s; they are logged out everywhere.")
            % {"email": user.get_username()}
        )
