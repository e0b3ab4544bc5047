"""Exporting assessments in the very columns the scores import reads.

`keyfolio export-scores` and the portfolio page's download write one row per assessment:
`account`, `assessed_on`, `assessor` (a member's e-mail), `note` and one column per
criterion key of the workspace's current methodology, a blank cell being "not assessed"
(see keyfolio.assessments.imports). So a file exported here can be edited and imported
again with `keyfolio import-scores`, in this workspace or another with the same criteria.

What the import could not read is left out rather than written: scores of criteria the
current methodology no longer has, assessments left with no score at all, and the
assessor's e-mail once they have left the workspace.

The scoring sheet is the same columns to fill in offline: a row per active account
with today's date, a column per criterion (0–100, the criterion's scoring guide as
the header's comment) and a note, the header protected. Filled in, with the rows not
scored deleted, it imports as new assessments.
"""

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.assessments.imports import ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE
from keyfolio.assessments.models import Assessment, Methodology, Score
from keyfolio.core.aggregates import JsonObjectAgg
from keyfolio.core.exports import FillIn
from keyfolio.workspaces.models import Membership, Workspace

SCORES_FIXED_FIELDS = (ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE)
SCORES_SHEET = _("Assessments")  # The XLSX sheet's name.
SCORES_WIDTHS = {ACCOUNT: 40, ASSESSED_ON: 12, ASSESSOR: 28, NOTE: 40}


def scores_export_fields(workspace: Workspace) -> list[str]:
    """The export's columns: the fixed ones, then the current methodology's criterion keys."""
    criteria = Methodology.objects.current_for(workspace).active_criteria()
    return [*SCORES_FIXED_FIELDS, *criteria.values_list("key", flat=True)]


def scores_records(accounts: AccountQuerySet, *, fields: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Every assessment of the active ones of `accounts`, by account name and then date,
    as a record with the keys `fields` (from `scores_export_fields`): the date as a
    `date`, the scores as numbers, None for a criterion not assessed.

    One query whatever the number of assessments, read in chunks as the records are
    consumed: a row per assessment with its given scores gathered by the database into
    one JSON object (through the index on assessment and criterion), so that Python
    reads fifteen times fewer rows than there are scores."""
    keys = [field for field in fields if field not in SCORES_FIXED_FIELDS]
    assessor_is_member = Exists(
        Membership.objects.filter(workspace=OuterRef("workspace"), user=OuterRef("assessor"))
    )
    given = (
        Score.objects.filter(
            assessment=OuterRef("pk"), criterion__key__in=keys, value__isnull=False
        )
        .values("assessment")
        .annotate(given=JsonObjectAgg("criterion__key", "value"))
        .values("given")
    )
    rows = (
        Assessment.objects.filter(account__in=accounts.active())
        .annotate(
            assessor_is_member=assessor_is_member,
            given=Subquery(given, output_field=JSONField()),
        )
        .order_by("account__name", "assessed_on", "created_at", "pk")
        .values_list(
            "account__name", "assessed_on", "assessor__email", "assessor_is_member", "note", "given"
        )
    )
    for name, assessed_on, email, is_member, note, scores in rows.iterator(chunk_size=2000):
        if not scores:
            continue  # Nothing the import could read.
        record: dict[str, Any] = {
            ACCOUNT: name,
            ASSESSED_ON: assessed_on,
            ASSESSOR: email if is_member else None,
            NOTE: note,
            **dict.fromkeys(keys),
        }
        for key, value in scores.items():
            # 85 rather than 85.0: what a person typed.
            record[key] = int(value) if float(value).is_integer() else value
        yield record


# The scoring sheet ---------------------------------------------------------------------

SCORING_SHEET = _("Scoring sheet")  # The XLSX sheet's name.
SCORING_WIDTHS = {ACCOUNT: 40, ASSESSED_ON: 12, NOTE: 40}
SCORING_CRITERION_WIDTH = 16


def scoring_sheet_fields(workspace: Workspace) -> list[str]:
    """The scoring sheet's columns, as the scores import reads them: the account, the
    date, one column per criterion key of the current methodology, and a note."""
    criteria = Methodology.objects.current_for(workspace).active_criteria()
    return [ACCOUNT, ASSESSED_ON, *criteria.values_list("key", flat=True), NOTE]


def scoring_sheet_widths(fields: Sequence[str]) -> Mapping[str, float]:
    return {field: SCORING_CRITERION_WIDTH for field in fields} | SCORING_WIDTHS


def scoring_sheet_fill_in(workspace: Workspace) -> dict[str, FillIn]:
    """What each criterion column tells whoever fills the sheet in: the criterion's
    label and scoring guide (in the language active now) as the header's comment, and
    the scores the import takes, 0 to 100."""
    criteria = Methodology.objects.current_for(workspace).active_criteria()
    error = _("A score is a number from 0 to 100; leave the cell empty if not assessed.")
    return {
        criterion.key: FillIn(
            comment="\n\n".join(part for part in (criterion.label, criterion.guide) if part),
            minimum=0,
            maximum=100,
            error=str(error),
        )
        for criterion in criteria
    }


def scoring_sheet_records(accounts: AccountQuerySet, *, today: date) -> Iterator[dict[str, Any]]:
    """A row to fill in for each of the active ones of `accounts`, by name: the account
    and `today` as the assessment's date. One query, read in chunks."""
    names = accounts.active().order_by("name", "pk").values_list("name", flat=True)
    for name in names.iterator(chunk_size=2000):
        yield {ACCOUNT: name, ASSESSED_ON: today}
