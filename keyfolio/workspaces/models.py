"""Workspaces (tenants) and who belongs to them with which role.

Every domain row carries its workspace and every query is scoped to the request's
workspace; nothing crosses workspaces. The access rule itself lives on Membership
so that views, the API and the CLI ask the same question the same way.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    ADMIN = "admin", _("Admin")
    OWNER = "owner", _("Owner")


ROLE_RANK = {role: rank for rank, role in enumerate(Role)}


def roles_at_least(role: Role) -> list[Role]:
    """`role` and every role above it: the one reading of "role at least X"."""
    return [other for other in Role if ROLE_RANK[other] >= ROLE_RANK[role]]


class TwoFactorPolicy(models.TextChoices):
    """Who of a workspace must log in with two-factor (keyfolio/logins)."""

    OPTIONAL = "optional", _("Nobody: each member chooses")
    ADMINS = "admins", _("Owners and admins")
    EVERYONE = "everyone", _("Everyone")


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    default_currency = models.CharField(_("default currency"), max_length=3, default="EUR")
    two_factor_policy = models.CharField(
        _("two-factor authentication required for"),
        max_length=10,
        choices=TwoFactorPolicy.choices,
        default=TwoFactorPolicy.OPTIONAL,
        # Also the database's default, so that rows written without the column (by code
        # that predates it: the migration tests' historical models) get it too.
        db_default=TwoFactorPolicy.OPTIONAL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def with_role_at_least(self, role: Role) -> "MembershipQuerySet":
        """The memberships whose role is `role` or above it."""
        return self.filter(role__in=roles_at_least(role))


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MANAGER)
    # Executives' meetings with the client's top people count for rule 1 of the playbook.
    # It is a person's job in this workspace's company, so each workspace decides it.
    is_executive = models.BooleanField(
        _("executive"),
        default=False,
        help_text=_("A member of our management: their meetings count as executive contact."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]
        ordering = ["workspace", "user"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.role})"

    def has_role_at_least(self, role: Role) -> bool:
        """True if this member's role is `role` or above it."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[role]

    @property
    def sees_all_accounts(self) -> bool:
        """Directors and above see every account; managers and viewers see their own."""
        return self.has_role_at_least(Role.DIRECTOR)

    @property
    def can_edit(self) -> bool:
        """Viewers only read; everybody else may edit the accounts they see."""
        return self.has_role_at_least(Role.MANAGER)

    @property
    def is_admin(self) -> bool:
        return self.has_role_at_least(Role.ADMIN)

    @property
    def must_use_two_factor(self) -> bool:
        """True if the workspace's policy asks this member to log in with two-factor."""
        policy = self.workspace.two_factor_policy
        return policy == TwoFactorPolicy.EVERYONE or (
            policy == TwoFactorPolicy.ADMINS and self.is_admin
        )
