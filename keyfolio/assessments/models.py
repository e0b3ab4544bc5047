"""Methodologies (versioned criteria sets), assessments and their scores.

A methodology version is immutable once an assessment uses it: editing the
criteria, weights or thresholds makes a new version (see services.methodology_revise),
and every assessment keeps the version it was made with, so history never changes
meaning.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account, ZoneChoice
from keyfolio.method import (
    DEFAULT_THRESHOLDS,
    Axis,
    GoalDistance,
    GoalRange,
    ScoredCriterion,
    Thresholds,
    distance_to_goal,
    shown_index,
)
from keyfolio.method.zones import shown_goal_distance
from keyfolio.workspaces.models import Workspace

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]

# An assessment may be corrected for this long after it was made; later, a new
# assessment is made instead, so that the history is never rewritten.
EDIT_WINDOW = timedelta(days=1)


class AxisChoice(models.TextChoices):
    CLIENT = Axis.CLIENT.value, _("Client position")
    OUR = Axis.OUR.value, _("Our position")


class MethodologyQuerySet(models.QuerySet):
    def current_for(self, workspace: Workspace) -> "Methodology":
        return self.filter(workspace=workspace).latest("version")


class Methodology(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="methodologies")
    version = models.PositiveIntegerField(_("version"))
    threshold_client = models.FloatField(
        _("client position threshold"), default=DEFAULT_THRESHOLDS.client, validators=PERCENT
    )
    threshold_our = models.FloatField(
        _("our position threshold"), default=DEFAULT_THRESHOLDS.our, validators=PERCENT
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MethodologyQuerySet.as_manager()

    class Meta:
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        ordering = ["workspace", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "version"], name="unique_methodology_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workspace} v{self.version}"

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(client=self.threshold_client, our=self.threshold_our)

    def active_criteria(self) -> models.QuerySet["Criterion"]:
        return self.criteria.filter(active=True).order_by("axis", "position")


class Criterion(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("methodology"),
    )
    key = models.SlugField(_("key"), max_length=50)
    axis = models.CharField(_("axis"), max_length=6, choices=AxisChoice.choices)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_ru = models.CharField(_("label (Russian)"), max_length=120)
    guide_en = models.TextField(_("scoring guide (English)"), blank=True)
    guide_ru = models.TextField(_("scoring guide (Russian)"), blank=True)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["methodology", "axis", "position"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "key"], name="unique_criterion_key")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return (
            self.label_ru if translation.get_language() == "ru" and self.label_ru else self.label_en
        )

    @property
    def guide(self) -> str:
        return (
            self.guide_ru if translation.get_language() == "ru" and self.guide_ru else self.guide_en
        )


class AssessmentQuerySet(models.QuerySet):
    def for_account(self, account: Account) -> "AssessmentQuerySet":
        return self.filter(account=account).order_by("-assessed_on", "-created_at", "-pk")


class Assessment(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # No index of its own: the index on (account, -assessed_on) below serves every lookup
    # by account, and one index fewer makes writing assessments in bulk faster.
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="assessments", db_index=False
    )
    methodology = models.ForeignKey(
        Methodology, on_delete=models.PROTECT, related_name="+", verbose_name=_("methodology")
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
    )
    # Computed by keyfolio.method from the scores and stored unrounded.
    client_index = models.FloatField(_("client position"), null=True, blank=True)
    our_index = models.FloatField(_("our position"), null=True, blank=True)
    zone = models.CharField(_("zone"), max_length=10, choices=ZoneChoice.choices, blank=True)
    completeness = models.FloatField(_("completeness"), default=0)
    # How many of the methodology's criteria were scored, of how many: "scored 5 of 15"
    # on the square without counting the scores of every account.
    criteria_scored = models.PositiveSmallIntegerField(_("criteria scored"), default=0)
    criteria_total = models.PositiveSmallIntegerField(_("criteria in the methodology"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-created_at"]
        indexes = [
            # An account's assessments latest first, in the order of
            # Account.refresh_assessment_pointers, with the zone: the movement report
            # finds each account's latest placed assessment by a date from this index
            # alone.
            models.Index(
                fields=["account", "-assessed_on", "-created_at", "-id", "zone"],
                name="assessment_latest_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.assessed_on}"

    @property
    def placed(self) -> bool:
        return bool(self.zone)

    @property
    def shown_client_index(self) -> float | None:
        """The client index as every page and file shows it (keyfolio.method.shown_index:
        one decimal, on the same side of the threshold as the zone says)."""
        if self.client_index is None:
            return None
        return shown_index(self.client_index, self.methodology.threshold_client)

    @property
    def shown_our_index(self) -> float | None:
        if self.our_index is None:
            return None
        return shown_index(self.our_index, self.methodology.threshold_our)

    @property
    def is_editable(self) -> bool:
        return timezone.now() - self.created_at < EDIT_WINDOW

    def distance_to_goal(self, goal: GoalRange) -> GoalDistance | None:
        """How far this assessment's point is from each bound of `goal`, in the numbers
        pages show (keyfolio.method.zones.shown_goal_distance); None if not placed."""
        if not self.placed:
            return None
        assert self.client_index is not None and self.our_index is not None
        client, our, thresholds = self.client_index, self.our_index, self.methodology.thresholds
        distance = distance_to_goal(client, our, goal, thresholds)
        return shown_goal_distance(distance, client, our, thresholds)


class Score(models.Model):
    # No index of its own: the unique constraint on (assessment, criterion) is one and
    # serves every lookup by assessment. Fifteen scores per assessment make this the
    # biggest table; an index fewer makes an import a sixth faster.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.FloatField(null=True, blank=True, validators=PERCENT)  # None: not assessed.
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.key}={self.value}"

    def as_scored(self) -> ScoredCriterion:
        return ScoredCriterion(Axis(self.criterion.axis), self.value, self.criterion.weight)
