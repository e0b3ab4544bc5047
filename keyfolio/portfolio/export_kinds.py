"""Every export of a workspace's data in one list: what each holds, its columns, and
how its records are read. The Export page, its downloads and `keyfolio export KIND`
all take their exports from here, so that a download holds exactly what the command
writes. The records and columns themselves belong to the app that owns the data
(keyfolio.<app>.exports); they are written by keyfolio.core.exports.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.exports import (
    ACCOUNT_FIELDS,
    ACCOUNTS_SHEET,
    ACCOUNTS_WIDTHS,
    accounts_records,
)
from keyfolio.accounts.models import AccountQuerySet
from keyfolio.activities.exports import (
    ACTIVITIES_SHEET,
    ACTIVITIES_WIDTHS,
    ACTIVITY_FIELDS,
    activities_records,
)
from keyfolio.assessments.exports import (
    SCORES_SHEET,
    SCORES_WIDTHS,
    SCORING_SHEET,
    scores_export_fields,
    scores_records,
    scoring_sheet_fields,
    scoring_sheet_fill_in,
    scoring_sheet_records,
    scoring_sheet_widths,
)
from keyfolio.core.exports import FillIn, Record
from keyfolio.plans.exports import PLANS_SHEET, plans_export_fields, plans_records, plans_widths
from keyfolio.revenue.exports import (
    OPPORTUNITIES_SHEET,
    OPPORTUNITIES_WIDTHS,
    OPPORTUNITY_FIELDS,
    REVENUE_FIELDS,
    REVENUE_SHEET,
    REVENUE_WIDTHS,
    opportunities_records,
    revenue_records,
)
from keyfolio.stakeholders.exports import (
    CONTACT_FIELDS,
    CONTACTS_SHEET,
    CONTACTS_WIDTHS,
    contacts_records,
)
from keyfolio.workspaces.models import Workspace

SCORING_SHEET_KIND = "scoring-sheet"


@dataclass(frozen=True)
class ExportKind:
    """One export: `kind` names it on the command line and in its download's file name."""

    kind: str
    title: Promise
    description: Promise
    sheet: Promise  # The XLSX sheet's name.
    fields: Callable[[Workspace], Sequence[str]]
    # The records of the accounts given (the ones the reader may see), in `fields`.
    read: Callable[[AccountQuerySet, Sequence[str]], Iterable[Record]]
    widths: Callable[[Sequence[str]], Mapping[str, float]]
    url_name: str  # The download's; it takes the file format.
    icon: str  # The Export page's.
    # The sheet is one to fill in (see keyfolio.core.exports.FillIn); XLSX only.
    fill_in: Callable[[Workspace], Mapping[str, FillIn]] | None = None
    formats: tuple[str, ...] = ("csv", "xlsx")

    def url(self, slug: str, file_format: str) -> str:
        """The download in `file_format`; an export with one format has it in its URL."""
        args = (slug, file_format) if len(self.formats) > 1 else (slug,)
        return reverse(self.url_name, args=args)


def _fixed(fields: Sequence[str]) -> Callable[[Workspace], Sequence[str]]:
    return lambda workspace: fields


def _widths(widths: Mapping[str, float]) -> Callable[[Sequence[str]], Mapping[str, float]]:
    return lambda fields: widths


EXPORT_KINDS = {
    kind.kind: kind
    for kind in [
        ExportKind(
            "accounts",
            _("Accounts"),
            _(
                "Every account with its details: parent, account manager, segment, "
                "industry, country, currency, stage, goal and whether it is archived."
            ),
            ACCOUNTS_SHEET,
            _fixed(ACCOUNT_FIELDS),
            lambda accounts, fields: accounts_records(accounts),
            _widths(ACCOUNTS_WIDTHS),
            "portfolio:export_accounts",
            "bi-buildings",
        ),
        ExportKind(
            "contacts",
            _("Contacts"),
            _(
                "The client's people: title, department, e-mail, phone, role in decisions, "
                "influence, attitude and whom they report to."
            ),
            CONTACTS_SHEET,
            _fixed(CONTACT_FIELDS),
            lambda accounts, fields: contacts_records(accounts),
            _widths(CONTACTS_WIDTHS),
            "portfolio:export_contacts",
            "bi-people",
        ),
        ExportKind(
            "opportunities",
            _("Opportunities"),
            _(
                "Open, won and lost opportunities: amount, currency, stage, probability, "
                "expected close, owner and the CRM's id."
            ),
            OPPORTUNITIES_SHEET,
            _fixed(OPPORTUNITY_FIELDS),
            lambda accounts, fields: opportunities_records(accounts),
            _widths(OPPORTUNITIES_WIDTHS),
            "portfolio:export_opportunities",
            "bi-graph-up-arrow",
        ),
        ExportKind(
            "revenue",
            _("Revenue"),
            _("Revenue by account and month, in the columns the revenue import reads."),
            REVENUE_SHEET,
            _fixed(REVENUE_FIELDS),
            lambda accounts, fields: revenue_records(accounts.active()),
            _widths(REVENUE_WIDTHS),
            "portfolio:export_revenue",
            "bi-bar-chart-line",
        ),
        ExportKind(
            "assessments",
            _("Assessments"),
            _(
                "Every assessment of the active accounts with its scores, in the columns "
                "the scores import reads."
            ),
            SCORES_SHEET,
            scores_export_fields,
            lambda accounts, fields: scores_records(accounts, fields=fields),
            _widths(SCORES_WIDTHS),
            # The square's download, here without the square's filters.
            "portfolio:export_scores",
            "bi-clipboard-check",
        ),
        ExportKind(
            "plans",
            _("Account plans"),
            _("Every plan with its period, status, key figures and each answer as text."),
            PLANS_SHEET,
            plans_export_fields,
            lambda accounts, fields: plans_records(accounts, fields=fields),
            plans_widths,
            "portfolio:export_plans",
            "bi-journal-text",
        ),
        ExportKind(
            "activities",
            _("Activities"),
            _("The activity log: date, kind, summary, next step and who recorded it."),
            ACTIVITIES_SHEET,
            _fixed(ACTIVITY_FIELDS),
            lambda accounts, fields: activities_records(accounts),
            _widths(ACTIVITIES_WIDTHS),
            "portfolio:export_activities",
            "bi-calendar-event",
        ),
        ExportKind(
            SCORING_SHEET_KIND,
            _("Scoring sheet"),
            _(
                "A row per active account and a column per criterion, to score offline: "
                "the scoring guides are in the header's comments and each cell takes 0 to "
                "100. Delete the rows you do not score, then import the file as new "
                "assessments."
            ),
            SCORING_SHEET,
            scoring_sheet_fields,
            lambda accounts, fields: scoring_sheet_records(accounts, today=timezone.localdate()),
            scoring_sheet_widths,
            "portfolio:scoring_sheet",
            "bi-list-check",
            fill_in=scoring_sheet_fill_in,
            formats=("xlsx",),
        ),
    ]
}
