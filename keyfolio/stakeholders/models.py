"""The stakeholder map: the client's people, their roles in decisions, their attitude
to us, and who of ours knows whom (METHOD.md §4, questions 6 and 7)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.users.models import Language
from keyfolio.workspaces.models import Workspace

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class DecisionRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    TECHNICAL_BUYER = "technical_buyer", _("Technical buyer")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    CHAMPION = "champion", _("Champion")
    BLOCKER = "blocker", _("Blocker")


class Attitude(models.IntegerChoices):
    OPPONENT = -2, _("Opponent")
    SKEPTIC = -1, _("Skeptic")
    NEUTRAL = 0, _("Neutral")
    SUPPORTER = 1, _("Supporter")
    MENTOR = 2, _("Mentor")


class ContactQuerySet(models.QuerySet):
    def active(self) -> "ContactQuerySet":
        return self.filter(active=True)


class Contact(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    decision_role = models.CharField(
        _("role in decisions"), max_length=20, choices=DecisionRole.choices, blank=True
    )
    influence = models.PositiveSmallIntegerField(
        _("influence (1–5)"), default=3, validators=ONE_TO_FIVE
    )
    attitude = models.SmallIntegerField(
        _("attitude to us"), choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Clear when the person has left the client.")
    )
    # Set when the person followed the opt-out link of a survey e-mail: no more surveys.
    surveys_opted_out_at = models.DateTimeField(_("opted out of surveys"), null=True, blank=True)
    # The CRM's own id of the person (keyfolio.imports): importing again updates them.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["account", "-influence", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_contact_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContactRelationship(models.Model):
    """One of our people knows one of theirs, this well (1 = met once, 5 = trusted)."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="relationships", verbose_name=_("contact")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who of ours"),
        on_delete=models.CASCADE,
        related_name="contact_relationships",
    )
    strength = models.PositiveSmallIntegerField(
        _("how well (1–5)"), default=3, validators=ONE_TO_FIVE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-strength"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "user"], name="one_relationship_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.contact} ({self.strength})"
