"""Revenue per account per month, annual targets, and the whitespace grid."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.workspaces.models import Workspace


class RevenueEntry(models.Model):
    """Our revenue with an account in one month, in the account's currency."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="revenue")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["account", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "month"], name="one_revenue_entry_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="revenue_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.month:%Y-%m}: {self.amount}"


class RevenueTarget(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="revenue_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["account", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["account", "year"], name="one_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.year}: {self.amount}"


class Offering(models.Model):
    """Something we sell: a row of the whitespace grid, shared by the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="offerings")
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="unique_offering_name")
        ]

    def __str__(self) -> str:
        return self.name


class BuyingCentre(models.Model):
    """A part of the client that buys on its own (a plant, a division, a country)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="buying_centres")
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="unique_buying_centre_name")
        ]

    def __str__(self) -> str:
        return self.name


class WhitespaceStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    POTENTIAL = "potential", _("Potential")
    WON = "won", _("Won")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class WhitespaceCell(models.Model):
    """What we sell, or could sell, of one offering to one buying centre."""

    buying_centre = models.ForeignKey(BuyingCentre, on_delete=models.CASCADE, related_name="cells")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="cells")
    status = models.CharField(_("status"), max_length=12, choices=WhitespaceStatus.choices)
    value = models.DecimalField(
        _("value a year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buying_centre", "offering"], name="one_cell_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.buying_centre} × {self.offering}: {self.status}"
