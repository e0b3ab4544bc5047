"""Intelligence on the client and its competitors (METHOD.md §5, rule 6).

Every note carries its last-updated date so that staleness shows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.workspaces.models import Workspace


class NoteKind(models.TextChoices):
    SEGMENT = "segment", _("The client's segment and market")
    GOALS = "goals", _("The client's goals and needs")
    CLIENT_COMPETITOR = "client_competitor", _("The client's own competitors")
    OTHER = "other", _("Other")


class IntelNote(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="intel_notes")
    kind = models.CharField(_("about"), max_length=20, choices=NoteKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
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
        verbose_name = _("intelligence note")
        verbose_name_plural = _("intelligence notes")
        ordering = ["kind", "-updated_at"]

    def __str__(self) -> str:
        return self.title


class Competitor(models.Model):
    """One of our competitors, known across the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="competitors")
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="unique_competitor_name")
        ]

    def __str__(self) -> str:
        return self.name


class CompetitorPresence(models.Model):
    """A competitor of ours at one account: its estimated share and how it stands."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="competitors")
    competitor = models.ForeignKey(
        Competitor, on_delete=models.CASCADE, related_name="presences", verbose_name=_("competitor")
    )
    estimated_share = models.FloatField(
        _("estimated share of the client's spend, %"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
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
        verbose_name = _("competitor at an account")
        verbose_name_plural = _("competitors at accounts")
        ordering = ["-estimated_share", "competitor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "competitor"], name="one_presence_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competitor} @ {self.account}"
