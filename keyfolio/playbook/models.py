"""Per-workspace playbook settings, the catalog of recommended actions, and the stored
result of every check of every account (the attention queue's rows)."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.method.playbook import STATUS_RANK, PlaybookThresholds, Status
from keyfolio.workspaces.models import Workspace

DEFAULTS = PlaybookThresholds()


class PlaybookSettings(models.Model):
    """The thresholds of the playbook checks for one workspace (defaults: METHOD.md §5)."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="playbook_settings"
    )
    executive_contact_days = models.PositiveSmallIntegerField(
        _("executive contact at least every (days)"), default=DEFAULTS.executive_contact_days
    )
    strategy_review_days = models.PositiveSmallIntegerField(
        _("review the joint plan at least every (days)"), default=DEFAULTS.strategy_review_days
    )
    satisfaction_days = models.PositiveSmallIntegerField(
        _("satisfaction feedback at least every (days)"), default=DEFAULTS.satisfaction_days
    )
    survey_window_days = models.PositiveSmallIntegerField(
        _("survey window (days)"),
        default=DEFAULTS.survey_window_days,
        help_text=_(
            "A survey answered within this many days passes rule 5; the NPS of this window "
            "is compared with the one before, and a decision maker's answer of 0–6 stays "
            "on the list this long."
        ),
    )
    intelligence_days = models.PositiveSmallIntegerField(
        _("update intelligence at least every (days)"), default=DEFAULTS.intelligence_days
    )
    assessment_days = models.PositiveSmallIntegerField(
        _("re-assess at least every (days)"), default=DEFAULTS.assessment_days
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before"), default=DEFAULTS.warning_days
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days before relationship checks apply to a new account"),
        default=DEFAULTS.grace_days,
        help_text=_(
            "Executive contact, joint plan, new offer, satisfaction and more than one "
            "contact wait this long after an account is created; 0 applies them at once."
        ),
    )

    class Meta:
        verbose_name = _("playbook settings")
        verbose_name_plural = _("playbook settings")

    def __str__(self) -> str:
        return f"Playbook settings of {self.workspace}"

    @property
    def thresholds(self) -> PlaybookThresholds:
        return PlaybookThresholds(
            executive_contact_days=self.executive_contact_days,
            strategy_review_days=self.strategy_review_days,
            satisfaction_days=self.satisfaction_days,
            survey_window_days=self.survey_window_days,
            intelligence_days=self.intelligence_days,
            assessment_days=self.assessment_days,
            warning_days=self.warning_days,
            grace_days=self.grace_days,
        )


class Recommendation(models.Model):
    """A suggested action for a weak criterion (criterion_key) or a failed check
    (check), in both languages, editable by admins."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="recommendations"
    )
    criterion_key = models.SlugField(_("criterion"), max_length=50, blank=True)
    check_key = models.SlugField(_("check"), max_length=50, blank=True)
    text_en = models.CharField(_("suggestion (English)"), max_length=300)
    text_ru = models.CharField(_("suggestion (Russian)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("suggested action")
        verbose_name_plural = _("suggested actions")
        ordering = ["criterion_key", "check_key", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(criterion_key="") & ~models.Q(check_key=""))
                | (~models.Q(criterion_key="") & models.Q(check_key="")),
                name="recommendation_for_a_criterion_or_a_check",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_ru if translation.get_language() == "ru" and self.text_ru else self.text_en


class CodepointCharField(models.CharField):
    """A CharField that the database orders by code point, as Python orders strings.

    PostgreSQL orders text by the database's collation (en_US.UTF-8 skips spaces and
    punctuation, for one), so the column gets the "C" collation there; SQLite's default
    (BINARY) already compares UTF-8 bytes, which is code point order. The choice is the
    backend's, not the model's, so it is not a `db_collation` in the migration."""

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class Severity(models.IntegerChoices):
    """A check's status as a number that orders the queue (red first when descending)."""

    GREEN = STATUS_RANK[Status.GREEN], _("green")
    AMBER = STATUS_RANK[Status.AMBER], _("amber")
    RED = STATUS_RANK[Status.RED], _("red")


class AccountCheck(models.Model):
    """One playbook check of one account, as last computed (keyfolio.playbook.refresh).

    Every check of every active account has a row, green ones too, so that a row's age
    says when the account was last looked at. Besides the result (status, reason code,
    numbers, rule), a row carries copies of what ranks it on the attention list
    (keyfolio.method.attention: severity, the account's zone and its revenue over the
    trailing twelve months, its name, the check's place in the playbook), so that the
    queue is one index scan in its own order, with no join and no sort.

    Rows are upserted on (account, check_key), never deleted and re-made while the
    account is active: a column added later (a snooze, say) survives every refresh."""

    # No index of their own: the unique constraint and the indexes below start with them.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="playbook_checks", db_index=False
    )
    check_key = models.CharField(max_length=30)  # a keyfolio.method.playbook.Check value
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    reason_code = models.CharField(max_length=60)
    numbers = models.JSONField(default=dict)
    rule = models.PositiveSmallIntegerField(null=True)
    # The ranking keys, as keyfolio.method.attention.attention_key reads them.
    zone_rank = models.SmallIntegerField()
    revenue = models.DecimalField(max_digits=16, decimal_places=2)
    sort_name = CodepointCharField(max_length=200)  # the account's name, lower-cased
    check_order = models.PositiveSmallIntegerField()
    computed_on = models.DateField()  # the day the check was computed for
    # When the reads it was computed from began: a refresh never replaces a row read
    # later than its own (keyfolio.playbook.refresh._store).
    computed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "check_key"], name="one_result_per_check")
        ]
        # Whole indexes, not partial ones: SQLite uses a partial index only when the
        # query repeats its condition as a literal, and Django sends parameters.
        indexes = [
            # The queue: a workspace's rows, most urgent first (the red and amber ones
            # before the green, which the queue leaves out).
            models.Index(
                fields=[
                    "workspace",
                    "-severity",
                    "-zone_rank",
                    "-revenue",
                    "sort_name",
                    "check_order",
                    "account",
                ],
                name="account_check_queue",
            ),
            # The accounts in rank order, by the rows of their first check: the due
            # actions join them to come in the queue's order (keyfolio.playbook.queue).
            models.Index(
                fields=[
                    "workspace",
                    "check_order",
                    "-zone_rank",
                    "-revenue",
                    "sort_name",
                    "account",
                ],
                name="account_check_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.check_key}: {self.status}"

    @property
    def status(self) -> Status:
        return Status(Severity(self.severity).name.lower())


class CheckSnooze(models.Model):
    """A check of an account taken off the attention list until a day, with why.

    The check comes back on `until` by itself: the queue reads only the snoozes still
    running (until > today), and the night's refresh ranks the account again. One per
    check of an account: snoozing again replaces it, unsnoozing deletes it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="check_snoozes", db_index=False
    )
    check_key = models.CharField(_("check"), max_length=30)
    until = models.DateField(_("snoozed until"))
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("snoozed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("snoozed check")
        verbose_name_plural = _("snoozed checks")
        constraints = [
            models.UniqueConstraint(fields=["account", "check_key"], name="one_snooze_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.check_key} until {self.until}"


class AccountAttention(models.Model):
    """An account's place on the work queue (one row per account, its lines folded
    beneath): the ranking keys of keyfolio.method.attention.account_key and the counts
    of its lines, from its stored checks not snoozed and its actions due within a week
    or overdue. Kept by keyfolio.playbook.refresh with the checks, so a page of accounts
    is one index scan and the counts one aggregate, whatever the portfolio.

    Every active account has a row, one with nothing to do too (severity green)."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="attention")
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    zone_rank = models.SmallIntegerField()
    overdue_days = models.IntegerField()
    revenue = models.DecimalField(max_digits=16, decimal_places=2)
    sort_name = CodepointCharField(max_length=200)
    red = models.PositiveIntegerField()
    amber = models.PositiveIntegerField()
    snoozed = models.PositiveIntegerField()
    computed_on = models.DateField()
    computed_at = models.DateTimeField(null=True)  # as AccountCheck.computed_at

    class Meta:
        indexes = [
            models.Index(
                fields=[
                    "workspace",
                    "-zone_rank",
                    "-severity",
                    "-overdue_days",
                    "-revenue",
                    "sort_name",
                    "account",
                ],
                name="account_attention_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.red} red, {self.amber} amber"
