"""Per-workspace playbook settings and the catalog of recommended actions."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from keyfolio.method.playbook import PlaybookThresholds
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
    intelligence_days = models.PositiveSmallIntegerField(
        _("update intelligence at least every (days)"), default=DEFAULTS.intelligence_days
    )
    assessment_days = models.PositiveSmallIntegerField(
        _("re-assess at least every (days)"), default=DEFAULTS.assessment_days
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before"), default=DEFAULTS.warning_days
    )

    def __str__(self) -> str:
        return f"Playbook settings of {self.workspace}"

    @property
    def thresholds(self) -> PlaybookThresholds:
        return PlaybookThresholds(
            executive_contact_days=self.executive_contact_days,
            strategy_review_days=self.strategy_review_days,
            satisfaction_days=self.satisfaction_days,
            intelligence_days=self.intelligence_days,
            assessment_days=self.assessment_days,
            warning_days=self.warning_days,
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
