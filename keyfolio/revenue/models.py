"""Revenue per account per month, annual targets, opportunities, and the whitespace grid."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import PERCENT, Account
from keyfolio.method.pipeline import DealStatus, weighted_amount
from keyfolio.workspaces.models import Workspace


class RevenueEntry(models.Model):
    """Our revenue with an account in one month, in the account's currency."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="revenue")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("revenue month")
        verbose_name_plural = _("revenue months")
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
        verbose_name = _("revenue target")
        verbose_name_plural = _("revenue targets")
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
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
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
        verbose_name = _("buying centre")
        verbose_name_plural = _("buying centres")
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

    buying_centre = models.ForeignKey(
        BuyingCentre,
        on_delete=models.CASCADE,
        related_name="cells",
        verbose_name=_("buying centre"),
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="cells", verbose_name=_("offering")
    )
    status = models.CharField(_("status"), max_length=12, choices=WhitespaceStatus.choices)
    value = models.DecimalField(
        _("value a year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("whitespace cell")
        verbose_name_plural = _("whitespace cells")
        constraints = [
            models.UniqueConstraint(fields=["buying_centre", "offering"], name="one_cell_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.buying_centre} × {self.offering}: {self.status}"


class OpportunityStatus(models.TextChoices):
    OPEN = DealStatus.OPEN.value, _("Open")
    WON = DealStatus.WON.value, _("Won")
    LOST = DealStatus.LOST.value, _("Lost")


class Opportunity(models.Model):
    """A deal we hope to make with an account: the pipeline behind its revenue.

    An opportunity that came from a CRM keeps the CRM's id (`external_id`) and the
    CRM's name (`source`), so that importing the same file again updates it instead
    of adding it twice.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="opportunities")
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    # The CRM's own stage names ("Negotiation/Review", "Согласование"): free text.
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    probability = models.PositiveSmallIntegerField(_("probability, %"), validators=PERCENT)
    expected_close = models.DateField(_("expected close date"))
    status = models.CharField(
        _("status"),
        max_length=4,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=30, blank=True)
    # The revenue entry a won opportunity was added to: it is added once only. Removing
    # that month's entry lets it be added again.
    revenue_entry = models.ForeignKey(
        RevenueEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revenue month"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["expected_close", "name", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_opportunity_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(probability__lte=100), name="opportunity_probability_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="opportunity_amount_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["account", "status"], name="opportunity_account_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == OpportunityStatus.OPEN

    @property
    def weighted(self):
        return weighted_amount(self.amount, self.probability)
