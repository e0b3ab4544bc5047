"""Who a person vouched for by the OpenID provider is in Keyfolio.

People are matched by e-mail address, which the provider must not say is unverified.
A person new to Keyfolio is created only when their e-mail's domain joins a workspace
by itself (OIDC_AUTO_JOIN) and OIDC_CREATE_USERS is on: anybody else with an account at
the provider (a Google account, say) stays out until an admin invites them.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from keyfolio.sso.config import auto_join_for
from keyfolio.users.models import Language, User
from keyfolio.workspaces.models import Membership, Role, Workspace


class SignInRefused(Exception):
    """The provider vouched for someone Keyfolio does not let in; the message says why,
    in words for that person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def sso_user_sign_in(
    *, email: str, email_verified: bool | None, full_name: str = "", language: str = "en"
) -> User:
    """The user the provider's claims name, created (in `language`) and put in their
    domain's workspace as OIDC_AUTO_JOIN says. `email_verified` is None when the provider
    does not say.

    Raises SignInRefused.
    """
    email = email.strip().lower()
    if not email:
        raise SignInRefused(
            _("The sign-in service did not give your e-mail address, which Keyfolio needs.")
        )
    if email_verified is False:
        raise SignInRefused(
            _("The sign-in service has not verified %(email)s. Verify it there, then try again.")
            % {"email": email}
        )
    joining = _auto_join(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if joining is None or not settings.OIDC_CREATE_USER:
            raise SignInRefused(
                _(
                    "%(email)s has no Keyfolio account yet. Ask an administrator of your "
                    "workspace to add you."
                )
                % {"email": email}
            )
        user = _new_user(email=email, full_name=full_name, language=language)
    if not user.is_active:
        raise SignInRefused(_("Your Keyfolio account is deactivated."))
    if joining is not None:
        workspace, role = joining
        # A member already keeps their role: an admin may have changed it since.
        Membership.objects.get_or_create(workspace=workspace, user=user, defaults={"role": role})
    return user


def _auto_join(email: str) -> tuple[Workspace, Role] | None:
    """The workspace and role that OIDC_AUTO_JOIN gives the domain of `email`, if any. A
    workspace named there that does not exist joins nobody."""
    rule = auto_join_for(email)
    workspace = Workspace.objects.filter(slug=rule.slug).first() if rule else None
    return (workspace, rule.role) if workspace and rule else None


def _new_user(*, email: str, full_name: str, language: str) -> User:
    # No password: this person signs in through the provider (an admin's invitation
    # or a reset may still give them one).
    if language not in Language.values:
        language = Language.EN
    return User.objects.create_user(email, full_name=full_name.strip()[:150], language=language)
