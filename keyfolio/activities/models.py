"""The activity log: what happened with an account, who took part, what comes next."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.method.activities import ActivityKind
from keyfolio.plans.models import Action, RuleChoice
from keyfolio.stakeholders.models import Contact
from keyfolio.workspaces.models import Workspace


class KindChoice(models.TextChoices):
    MEETING = ActivityKind.MEETING.value, _("Meeting")
    CALL = ActivityKind.CALL.value, _("Call")
    EMAIL = ActivityKind.EMAIL.value, _("E-mail")
    EXECUTIVE_MEETING = ActivityKind.EXECUTIVE_MEETING.value, _("Executive meeting")
    SEMINAR = ActivityKind.SEMINAR.value, _("Seminar")
    CONFERENCE = ActivityKind.CONFERENCE.value, _("Conference")
    INFORMAL_EVENT = ActivityKind.INFORMAL_EVENT.value, _("Informal event")
    STRATEGY_SESSION = ActivityKind.STRATEGY_SESSION.value, _("Strategy session")
    BUSINESS_REVIEW = ActivityKind.BUSINESS_REVIEW.value, _("Business review")
    PROPOSAL = ActivityKind.PROPOSAL.value, _("Proposal")


class Activity(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=KindChoice.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    our_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("our people"), blank=True, related_name="+"
    )
    their_people = models.ManyToManyField(
        Contact, verbose_name=_("their people"), blank=True, related_name="activities"
    )
    summary = models.TextField(_("summary"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    # The action the next step became, so that it is followed up like any action.
    next_action = models.OneToOneField(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_activity",
        verbose_name=_("next action"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["account", "-occurred_on"])]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.account}: {self.kind} {self.occurred_on}"


class ActivityRule(models.Model):
    """A rule of key account work (METHOD.md §5) the activity serves."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="rules")
    rule = models.PositiveSmallIntegerField(choices=RuleChoice.choices)

    class Meta:
        ordering = ["rule"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "rule"], name="one_row_per_activity_rule")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: rule {self.rule}"
