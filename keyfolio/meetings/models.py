"""Meeting preparation: the call plan beside a planned meeting, and its outcome.

A planned meeting is an Activity (keyfolio.activities) with a date, our people and
theirs; the call plan sits beside it, one to one, so that the activity log stays the one
record of what happened and the plan stays readable after the meeting.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.plans.models import Action
from keyfolio.workspaces.models import Workspace


class OutcomeChoice(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not", _("Not met")


class CallPlanQuerySet(models.QuerySet):
    def ready(self) -> "CallPlanQuerySet":
        """Plans with a primary objective and the client's win (METHOD.md rule 2)."""
        return self.exclude(primary_objective="").exclude(client_win="")

    def not_ready(self) -> "CallPlanQuerySet":
        return self.filter(models.Q(primary_objective="") | models.Q(client_win=""))

    def with_outcome(self) -> "CallPlanQuerySet":
        return self.filter(outcome_recorded_at__isnull=False)

    def without_outcome(self) -> "CallPlanQuerySet":
        return self.filter(outcome_recorded_at__isnull=True)


class CallPlan(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="call_plans")
    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="call_plan")
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    primary_objective = models.CharField(_("our primary objective"), max_length=300, blank=True)
    fallback_objective = models.CharField(_("our fallback objective"), max_length=300, blank=True)
    # Rule 2: every negotiation is a win for both sides; without it the plan is not ready.
    client_win = models.TextField(_("what the client wins"), blank=True)
    offer = models.TextField(_("what we can offer"), blank=True)
    concessions = models.TextField(_("what we can concede"), blank=True)
    # One per line; prefilled from the dossier (keyfolio.meetings.prefill), then edited.
    questions = models.TextField(_("questions to ask"), blank=True)
    objections = models.TextField(_("likely objections and our answers"), blank=True)
    # After the meeting.
    primary_outcome = models.CharField(
        _("primary objective"), max_length=10, choices=OutcomeChoice.choices, blank=True
    )
    fallback_outcome = models.CharField(
        _("fallback objective"), max_length=10, choices=OutcomeChoice.choices, blank=True
    )
    client_said = models.TextField(_("what the client said"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    # The attention queue shows open actions due this week or overdue: these two put the
    # meeting on it until its plan is ready and until its outcome is recorded.
    prepare_action = models.OneToOneField(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome_action = models.OneToOneField(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.account}: {self.purpose or self.activity.occurred_on}"

    @property
    def ready(self) -> bool:
        """A plan is ready once it says what we want and what the client wins."""
        return bool(self.primary_objective.strip() and self.client_win.strip())

    @property
    def has_outcome(self) -> bool:
        return self.outcome_recorded_at is not None

    @property
    def question_lines(self) -> list[str]:
        return _lines(self.questions)

    @property
    def objection_lines(self) -> list[str]:
        return _lines(self.objections)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
