"""Accounts: the client companies a workspace manages as key accounts."""

from typing import Any, cast

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from keyfolio.method import DEFAULT_GOAL, GoalRange, Zone
from keyfolio.method.stages import Stage
from keyfolio.method.zones import ZONE_RANK, zones_at_least
from keyfolio.workspaces.access import require_edit
from keyfolio.workspaces.models import Membership, Workspace


class ZoneChoice(models.TextChoices):
    KEY = Zone.KEY.value, _("Key")
    TARGET = Zone.TARGET.value, _("Target")
    MAINTAIN = Zone.MAINTAIN.value, _("Maintain")
    RECONSIDER = Zone.RECONSIDER.value, _("Reconsider")


PERCENT = [MinValueValidator(0), MaxValueValidator(100)]

# An account's goal range never has its minimum ranked above its maximum: for each
# minimum, the maxima it allows (keyfolio.method.zones.goal_range_is_ordered, in SQL).
GOAL_RANGE_ORDERED = Q(
    *(
        Q(goal_min_zone=low.value, goal_max_zone__in=[z.value for z in zones_at_least(low)])
        for low in Zone
    ),
    _connector=Q.OR,
)

# The zone filters' value for accounts with no zone: never assessed, or assessed
# without a single criterion on one of the two axes, so not on the square.
NOT_ASSESSED = "none"

# Zones rank from the best (key) to the worst; accounts with no zone rank None.
_ZONE_RANK = Case(
    *(When(current_assessment__zone=zone.value, then=Value(r)) for zone, r in ZONE_RANK.items()),
    default=None,
    output_field=IntegerField(),
)

# What a table may sort accounts by (`?sort=`, "-" reverses), shared by the accounts
# list and the square's table so that a column sorts the same everywhere.
SORT_COLUMNS: dict[str, Any] = {
    "name": F("name"),
    "owner": Coalesce(NullIf("owner__full_name", Value("")), "owner__email"),
    "segment": F("segment"),
    "client": F("current_assessment__client_index"),
    "our": F("current_assessment__our_index"),
    "zone": _ZONE_RANK,
    "completeness": F("current_assessment__completeness"),
    "assessed": F("current_assessment__assessed_on"),
}
SORT_CHOICES = [*SORT_COLUMNS, *(f"-{key}" for key in SORT_COLUMNS)]

# The order of an account's assessments from the latest: by date, then by when they were
# recorded. The current and previous assessment pointers are its first two.
LATEST_ASSESSMENTS_FIRST = ("-assessed_on", "-created_at", "-pk")


class StageChoice(models.TextChoices):
    EXPLORATORY = Stage.EXPLORATORY.value, _("Exploratory")
    BASIC = Stage.BASIC.value, _("Basic")
    COOPERATIVE = Stage.COOPERATIVE.value, _("Cooperative")
    INTERDEPENDENT = Stage.INTERDEPENDENT.value, _("Interdependent")
    INTEGRATED = Stage.INTEGRATED.value, _("Integrated")
    DISINTEGRATING = Stage.DISINTEGRATING.value, _("Disintegrating")


class AccountQuerySet(models.QuerySet):
    def in_workspace(self, workspace: Workspace) -> "AccountQuerySet":
        return self.filter(workspace=workspace)

    def visible_to(self, membership: Membership) -> "AccountQuerySet":
        """The accounts this member may see: all of them for directors and above,
        otherwise the ones they own or are on the team of."""
        qs = self.in_workspace(membership.workspace)
        if membership.sees_all_accounts:
            return qs
        return qs.owned_or_on_team_of(membership.user_id)

    def owned_or_on_team_of(self, user_id: int) -> "AccountQuerySet":
        """The accounts that this person manages or is on the team of. An EXISTS rather
        than a join, so that an account is listed once however big its team."""
        on_team = Account.team.through.objects.filter(account=OuterRef("pk"), user=user_id)
        return self.filter(Q(owner=user_id) | Exists(on_team))

    def active(self) -> "AccountQuerySet":
        return self.filter(archived_at__isnull=True)

    def archived(self) -> "AccountQuerySet":
        return self.filter(archived_at__isnull=False)

    def in_zone(self, zone: str) -> "AccountQuerySet":
        """Accounts whose current assessment is in `zone`, or NOT_ASSESSED for none."""
        if zone == NOT_ASSESSED:
            return self.filter(Q(current_assessment__isnull=True) | Q(current_assessment__zone=""))
        return self.filter(current_assessment__zone=zone)

    def sorted_by(self, sort: str) -> "AccountQuerySet":
        """Order by a key of SORT_COLUMNS ("-" for descending). Accounts without a value
        come last either way; name then id break ties so that pages never overlap."""
        column = SORT_COLUMNS[sort.removeprefix("-")]
        first = (
            column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
        )
        return self.order_by(first, "name", "pk")

    def segments(self) -> list[str]:
        """The distinct non-empty segments among these accounts, for a filter."""
        values = self.exclude(segment="").values_list("segment", flat=True)
        return list(values.order_by("segment").distinct())

    def groups(self) -> list[tuple[int, str]]:
        """The accounts among these that are the parent of one of these (their pk and
        name, by name), for a filter."""
        parents = self.filter(parent__isnull=False).values("parent_id")
        return list(self.filter(pk__in=parents).order_by("name").values_list("pk", "name"))

    def refresh_assessment_pointers(self) -> int:
        """Point each of these accounts at its latest and one-before-latest assessment,
        as `Account.refresh_assessment_pointers` does for one, in one UPDATE however many
        accounts: for writers of many assessments at once (the scores import). Sends no
        signal; return the number of accounts updated."""
        # Assessment is above this app: reached through the pointer, not imported.
        field = self.model._meta.get_field("current_assessment")
        assessments = cast(type[models.Model], field.related_model)._default_manager
        latest = assessments.filter(account=OuterRef("pk")).order_by(*LATEST_ASSESSMENTS_FIRST)
        return self.update(
            current_assessment=Subquery(latest.values("pk")[:1]),
            previous_assessment=Subquery(latest.values("pk")[1:2]),
            updated_at=timezone.now(),
        )

    def with_assessments(self) -> "AccountQuerySet":
        """Join the current and previous assessment and the owner: one query for the square."""
        return self.select_related("owner", "current_assessment", "previous_assessment")


# A few paragraphs about the client: the header shows it; documents belong elsewhere.
DESCRIPTION_MAX_LENGTH = 5000


class Account(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="accounts")
    name = models.CharField(_("name"), max_length=200)
    segment = models.CharField(_("segment"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_accounts",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account team"),
        blank=True,
        related_name="team_accounts",
    )
    # The goal as the article puts it (METHOD.md §2): at least one zone, at most another,
    # by zone rank; the dossier shows the distance to each.
    goal_min_zone = models.CharField(
        _("goal: at least"),
        max_length=10,
        choices=ZoneChoice.choices,
        default=DEFAULT_GOAL.minimum.value,
    )
    goal_max_zone = models.CharField(
        _("goal: at most"),
        max_length=10,
        choices=ZoneChoice.choices,
        default=DEFAULT_GOAL.maximum.value,
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # The client's taxpayer number (ИНН in Russia): the key 1C and Russian CRMs share,
    # so an import matches by it before the name (keyfolio.imports.matching).
    tax_id = models.CharField(_("tax ID"), max_length=20, blank=True)
    # Where the account came from: the CRM's own id of it (keyfolio.imports), so that
    # importing again updates it instead of creating a second one.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=30, blank=True)
    # A group of companies: the parent's dossier lists its children and sums their
    # figures. Same workspace, no cycles, at most MAX_GROUP_DEPTH levels
    # (keyfolio.accounts.services.parent_error).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    # The relationship stage (METHOD.md §3); its history is in StageChange.
    stage = models.CharField(
        _("relationship stage"), max_length=15, choices=StageChoice.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    # Where we expect the account in three years (METHOD.md §2): drawn on the square
    # with an arrow from today's point.
    forecast_client_index = models.FloatField(
        _("forecast client position in 3 years"), null=True, blank=True, validators=PERCENT
    )
    forecast_our_index = models.FloatField(
        _("forecast our position in 3 years"), null=True, blank=True, validators=PERCENT
    )
    # Denormalized pointers, kept by Account.refresh_assessment_pointers(), so that
    # the portfolio square is one query however many assessments there are.
    current_assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous_assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="unique_account_name"),
            models.CheckConstraint(condition=GOAL_RANGE_ORDERED, name="account_goal_range_ordered"),
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_account_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "archived_at", "name"]),
            # The segment filters' choices (AccountQuerySet.segments) from the index alone.
            models.Index(
                fields=["workspace", "archived_at", "segment"], name="account_segment_idx"
            ),
            models.Index(
                fields=["workspace", "tax_id"],
                condition=~models.Q(tax_id=""),
                name="account_tax_id_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def file_stem(self) -> str:
        """The account's name as the start of a file name: a slug, Cyrillic kept."""
        return slugify(self.name, allow_unicode=True) or f"account-{self.pk}"

    @property
    def goal(self) -> GoalRange:
        return GoalRange(Zone(self.goal_min_zone), Zone(self.goal_max_zone))

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at", "updated_at"])

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at", "updated_at"])

    def is_editable_by(self, membership: Membership) -> bool:
        """Call only for an account fetched through `visible_to(membership)`."""
        return membership.can_edit and membership.workspace_id == self.workspace_id

    def refresh_assessment_pointers(self) -> None:
        """Point at the latest and the one-before-latest assessment, by date."""
        latest = list(self.assessments.order_by(*LATEST_ASSESSMENTS_FIRST)[:2])
        self.current_assessment = latest[0] if latest else None
        self.previous_assessment = latest[1] if len(latest) > 1 else None
        self.save(update_fields=["current_assessment", "previous_assessment", "updated_at"])


class StageChange(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=15, choices=StageChoice.choices)
    changed_on = models.DateField(_("since"), default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("why"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["account", "-changed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.account}: {self.stage} since {self.changed_on}"


def get_account_for(membership: Membership, pk: int, *, edit: bool = False) -> Account:
    """The account `pk` as this member may see it, or 404; 403 if `edit` and not allowed."""
    # The current assessment is joined: every dossier page shows its zone in the header.
    accounts = Account.objects.visible_to(membership).select_related("current_assessment")
    account = get_object_or_404(accounts, pk=pk)
    if edit:
        require_edit(membership)
    return account
