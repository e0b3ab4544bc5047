"""Writes about workspaces and who belongs to them.

Every interface (the members page, the CLI, the demo loader) goes through these
functions, so the rules about roles live here once: only an owner hands out or
takes away the owner and admin roles, nobody changes their own role, a workspace
always keeps an owner, and a member who still owns accounts is not removed.
"""

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from keyfolio.logins.two_factor import has_two_factor, uses_two_factor
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, TwoFactorPolicy, Workspace
from keyfolio.workspaces.signals import membership_removing, workspace_created

log = logging.getLogger(__name__)

# Roles that only an owner may grant or take away.
PRIVILEGED_ROLES = frozenset({Role.OWNER, Role.ADMIN})


def unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:50] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def workspace_create(*, name: str, owner, slug: str | None = None) -> Workspace:
    """A new workspace with its owner, and the defaults that the apps create on
    `workspace_created` (version 1 of the default methodology, the plan questions,
    the playbook settings)."""
    workspace = Workspace.objects.create(name=name, slug=slug or unique_slug(name))
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    workspace_created.send(sender=Workspace, workspace=workspace, owner=owner)
    return workspace


def membership_set(*, workspace: Workspace, user, role: Role) -> Membership:
    """Put `user` in `workspace` with `role`, no questions asked (set-up and demo data)."""
    membership, _created = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    return membership


def workspace_set_two_factor_policy(
    *, workspace: Workspace, policy: str, by: Membership
) -> Workspace:
    """Choose who of `workspace` must log in with two-factor. Only an owner may; and only
    one who uses it already may require it of owners, so as not to be shut out."""
    if by.role != Role.OWNER:
        raise ValidationError(
            _("Only an owner can choose who must use two-factor authentication."),
            code="not_owner",
        )
    if policy not in TwoFactorPolicy.values:
        raise ValidationError(_("Choose who must use two-factor authentication."), code="invalid")
    if policy != TwoFactorPolicy.OPTIONAL and not has_two_factor(by.user):
        raise ValidationError(
            _("Set up two-factor authentication for yourself first: the rule applies to you too."),
            code="owner_without_two_factor",
        )
    workspace.two_factor_policy = policy
    workspace.save(update_fields=["two_factor_policy"])
    return workspace


# --- Reads for the members page -------------------------------------------------------


def members_with_account_counts(workspace: Workspace) -> QuerySet[Membership]:
    """Every member of `workspace` with `owned_count`, the accounts they own there, and
    `two_factor`, whether they log in with it, in one query however many members and
    accounts there are."""
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .annotate(
            owned_count=Count(
                "user__owned_accounts",
                filter=Q(user__owned_accounts__workspace=workspace),
            ),
            two_factor=uses_two_factor("user"),
        )
        # By the name shown, so that someone without a full name sorts by e-mail.
        .order_by(
            Lower(
                Coalesce(
                    NullIf("user__full_name", Value("")), "user__email", output_field=CharField()
                )
            )
        )
    )


def get_membership_for(workspace: Workspace, pk: int) -> Membership:
    """The membership `pk` of this workspace, or 404: a foreign one does not exist here."""
    return get_object_or_404(Membership.objects.select_related("user"), workspace=workspace, pk=pk)


# --- The rules --------------------------------------------------------------------------


def assignable_roles(by: Membership) -> list[Role]:
    """The roles `by` may hand out: an owner any, an admin those below admin, others none."""
    if by.role == Role.OWNER:
        return list(Role)
    if by.is_admin:
        return [role for role in Role if role not in PRIVILEGED_ROLES]
    return []


def may_manage(*, by: Membership, target: Membership) -> bool:
    """True if `by` may change `target`'s role or remove them (ignoring the last-owner rule)."""
    try:
        _refuse_unless_may_manage(by=by, target=target)
    except ValidationError:
        return False
    return True


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(
            {"role": _("“%(role)s” is not a role.") % {"role": role}}, code="unknown_role"
        ) from None


def _refuse_unless_admin(by: Membership) -> None:
    if not by.is_admin:
        raise ValidationError(_("Only admins and owners can manage members."), code="not_admin")


def _refuse_unless_may_grant(*, by: Membership, role: Role) -> None:
    if role in PRIVILEGED_ROLES and by.role != Role.OWNER:
        raise ValidationError(
            {"role": _("Only an owner can grant or take away the owner or admin role.")},
            code="owner_only",
        )


def _refuse_unless_may_manage(*, by: Membership, target: Membership) -> None:
    _refuse_unless_admin(by)
    if target.workspace_id != by.workspace_id:
        raise ValidationError(_("This person is not a member of this workspace."))
    if target.user_id == by.user_id:
        raise ValidationError(
            _("You cannot change your own role or remove yourself; ask another owner or admin."),
            code="self",
        )
    _refuse_unless_may_grant(by=by, role=Role(target.role))


def _refuse_if_last_owner(target: Membership) -> None:
    if target.role != Role.OWNER:
        return
    # Lock the owners' rows so that two owners demoting each other at once cannot
    # both succeed and leave the workspace with none.
    owners = Membership.objects.select_for_update().filter(
        workspace_id=target.workspace_id, role=Role.OWNER
    )
    if not owners.exclude(pk=target.pk).exists():
        raise ValidationError(
            _("%(name)s is the last owner: make someone else an owner first.")
            % {"name": target.user},
            code="last_owner",
        )


# --- Writes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    # For a person new to Keyfolio: the one-time link to choose a password.
    set_password_url: str | None
    # False if the invitation e-mail could not be handed to the mail server.
    mailed: bool


def membership_add(
    *, workspace: Workspace, email: str, role: str, by: Membership, full_name: str = ""
) -> MemberAdded:
    """Add the person with `email` to `workspace` and e-mail them an invitation.

    A person unknown to Keyfolio is created with an unusable password, in the
    inviter's language, and gets a one-time link to choose a password.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address.")}, code="invalid_email"
        ) from None
    new_role = _parse_role(role)
    _refuse_unless_admin(by)
    _refuse_unless_may_grant(by=by, role=new_role)

    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email, None, full_name=full_name.strip(), language=by.user.language
            )
        elif Membership.objects.filter(workspace=workspace, user=user).exists():
            raise ValidationError(
                {"email": _("%(email)s is already a member of this workspace.") % {"email": email}},
                code="already_member",
            )
        membership = Membership.objects.create(workspace=workspace, user=user, role=new_role)

    link = set_password_url(user)
    mailed = invitation_send(membership=membership, by=by, set_password_url=link)
    return MemberAdded(membership=membership, set_password_url=link, mailed=mailed)


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: Membership) -> Membership:
    new_role = _parse_role(role)
    _refuse_unless_may_manage(by=by, target=membership)
    _refuse_unless_may_grant(by=by, role=new_role)
    if new_role != Role.OWNER:
        _refuse_if_last_owner(membership)
    membership.role = new_role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Membership) -> None:
    """Take a person out of the workspace, and off its account teams.

    Someone who still owns accounts stays until their accounts have another owner,
    so that no account is left without a manager by accident (the accounts app
    refuses on `membership_removing`, and takes the person off its teams).
    """
    _refuse_unless_may_manage(by=by, target=membership)
    _refuse_if_last_owner(membership)
    membership_removing.send(sender=Membership, membership=membership)
    membership.delete()


def membership_set_executive(
    *, membership: Membership, is_executive: bool, by: Membership
) -> Membership:
    """Mark a member as one of our executives, or not: their meetings with the client
    count as executive contact (rule 1 of the playbook). Admins and owners decide, for
    anyone including themselves: it describes a person's job and grants no right.

    The flag lives on the membership: a person who belongs to several workspaces may
    be an executive in one and not in another, and each workspace's admins decide
    only for their own.
    """
    _refuse_unless_admin(by)
    if membership.workspace_id != by.workspace_id:
        raise ValidationError(_("This person is not a member of this workspace."))
    membership.is_executive = is_executive
    membership.save(update_fields=["is_executive"])
    return membership


# --- The invitation ---------------------------------------------------------------------


def set_password_url(user: User) -> str | None:
    """An absolute one-time link for `user` to choose a password, or None if they have one.

    Django's token is tied to the password hash, so it stops working once used.
    """
    if user.has_usable_password():
        return None
    path = reverse(
        "users:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def invitation_send(
    *, membership: Membership, by: Membership, set_password_url: str | None
) -> bool:
    """E-mail `membership`'s person that `by` added them, in `by`'s language.

    Returns False, and logs why, if the mail server refused: the member is added
    all the same and the page shows the link to pass on by hand.
    """
    language = by.user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "membership": membership,
            "workspace": membership.workspace,
            "inviter": by.user,
            "role": membership.get_role_display(),
            "set_password_url": set_password_url,
            "login_url": settings.SITE_URL.rstrip("/") + reverse("users:login"),
            "language": language,
        }
        subject = _("%(inviter)s invited you to %(workspace)s on Keyfolio") % {
            "inviter": by.user,
            "workspace": membership.workspace,
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("workspaces/email/invitation.txt", context),
            to=[membership.user.email],
            reply_to=[by.user.email],
            headers={"Content-Language": language},
        )
        message.attach_alternative(
            render_to_string("workspaces/email/invitation.html", context), "text/html"
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        log.warning("Could not send the invitation to %s: %s", membership.user.email, error)
        return False
    return True
