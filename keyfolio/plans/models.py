"""Account plans (METHOD.md §4): the questions, their answers, objectives, actions, risks."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.accounts.models import Account
from keyfolio.method.plan import Rule
from keyfolio.workspaces.models import Workspace

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RuleChoice(models.IntegerChoices):
    LEADERSHIP = Rule.LEADERSHIP.value, _("Leadership attention")
    JOINT_STRATEGY = Rule.JOINT_STRATEGY.value, _("Joint development strategy")
    NEEDS_AND_SOLUTIONS = Rule.NEEDS_AND_SOLUTIONS.value, _("Needs and solutions")
    RESOURCES = Rule.RESOURCES.value, _("Our resources")
    SATISFACTION = Rule.SATISFACTION.value, _("Satisfaction")
    INTELLIGENCE = Rule.INTELLIGENCE.value, _("Know their business")


class PlanQuestion(models.Model):
    """One question of a workspace's account-plan template, editable by admins.

    Answers point at the question, so a retired question (active=False) keeps the
    answers given to it; it is only no longer asked in new or open plans."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="plan_questions"
    )
    key = models.SlugField(_("key"), max_length=50)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_ru = models.CharField(_("question (Russian)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("plan question")
        verbose_name_plural = _("plan questions")
        ordering = ["workspace", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="unique_plan_question_key")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_ru if translation.get_language() == "ru" and self.text_ru else self.text_en


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("plan status", "Active")
    ARCHIVED = "archived", _("Archived")


class PriceOrValue(models.TextChoices):
    PRICE = "price", _("Price")
    BALANCED = "balanced", _("Balanced")
    VALUE = "value", _("Value")


class AccountPlan(models.Model):
    """A plan for one account and one period (usually a year)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("period"), max_length=100, help_text=_("For example “2027”."))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    agreed_with_client = models.BooleanField(_("agreed with the client"), default=False)
    # The structured answers (METHOD.md §4), kept as numbers and choices so that they
    # can be compared, summed and charted. Money is in the account's currency.
    current_volume = models.DecimalField(
        _("current business volume (a year)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    planned_revenue = models.DecimalField(
        _("planned revenue"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    client_total_spend = models.DecimalField(
        _("client's total spend in our category"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    planned_share_of_wallet = models.FloatField(
        _("planned share of wallet, %"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    price_or_value = models.CharField(
        _("client's priority"), max_length=10, choices=PriceOrValue.choices, blank=True
    )
    loyalty = models.PositiveSmallIntegerField(
        _("loyalty (1–5)"), null=True, blank=True, validators=ONE_TO_FIVE
    )
    # Rule 4: who answers for our resources on this account, and what they can give.
    resource_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resource owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity_note = models.TextField(_("capacity and resources"), blank=True)
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
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["account", "-starts_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.account} · {self.title}"


class PlanAnswer(models.Model):
    plan = models.ForeignKey(
        AccountPlan, on_delete=models.CASCADE, related_name="answers", verbose_name=_("plan")
    )
    question = models.ForeignKey(
        PlanQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    # Sanitized HTML from the rich-text editor (see keyfolio.plans.richtext).
    text = models.TextField(_("answer"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan answer")
        verbose_name_plural = _("plan answers")
        constraints = [
            models.UniqueConstraint(fields=["plan", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.question.key}"


class ObjectiveStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")


class Objective(models.Model):
    plan = models.ForeignKey(
        AccountPlan, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("plan")
    )
    title = models.CharField(_("objective"), max_length=200)
    measure = models.CharField(_("measure"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """Something someone of ours will do for an account. It may belong to a plan; it
    may also come from an activity's next step or a playbook suggestion."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="actions")
    plan = models.ForeignKey(
        AccountPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("plan"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    rule = models.PositiveSmallIntegerField(
        _("rule it serves"), choices=RuleChoice.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["done_on", "due_on", "pk"]
        indexes = [models.Index(fields=["account", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_on is not None


class Risk(models.Model):
    plan = models.ForeignKey(
        AccountPlan, on_delete=models.CASCADE, related_name="risks", verbose_name=_("plan")
    )
    description = models.CharField(_("risk"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=ONE_TO_FIVE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["closed", "-pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def severity(self) -> int:
        """Likelihood × impact, 1..25: the register sorts and colours by it."""
        return self.likelihood * self.impact
