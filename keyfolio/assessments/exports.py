"""Exporting assessments in the very columns the scores import reads.

`keyfolio export-scores` and the portfolio page's download write one row per assessment:
`account`, `assessed_on`, `assessor` (a member's e-mail), `note` and one column per
criterion key of the workspace's current methodology, a blank cell being "not assessed"
(see keyfolio.assessments.imports). So a file exported here can be edited and imported
again with `keyfolio import-scores`, in this workspace or another with the same criteria.

What the import could not read is left out rather than written: scores of criteria the
current methodology no longer has, assessments left with no score at all, and the
assessor's e-mail once they have left the workspace.
"""

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.assessments.imports import ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE
from keyfolio.assessments.models import Methodology, Score
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

    One query whatever the number of assessments: the scores are read with their
    assessment, account and assessor joined, in chunks as the records are consumed,
    and grouped back into one record per assessment."""
    keys = [field for field in fields if field not in SCORES_FIXED_FIELDS]
    assessor_is_member = Exists(
        Membership.objects.filter(
            workspace=OuterRef("assessment__workspace"), user=OuterRef("assessment__assessor")
        )
    )
    rows = (
        Score.objects.filter(
            assessment__account__in=accounts.active(),
            criterion__key__in=keys,
            value__isnull=False,
        )
        .annotate(assessor_is_member=assessor_is_member)
        .order_by(
            "assessment__account__name",
            "assessment__assessed_on",
            "assessment__created_at",
            "assessment_id",
        )
        .values_list(
            "assessment_id",
            "assessment__account__name",
            "assessment__assessed_on",
            "assessment__assessor__email",
            "assessor_is_member",
            "assessment__note",
            "criterion__key",
            "value",
        )
    )
    for _assessment_id, group in groupby(rows.iterator(chunk_size=2000), key=itemgetter(0)):
        scores = list(group)  # The scored criteria of one assessment.
        name, assessed_on, email, is_member, note = scores[0][1:6]
        record: dict[str, Any] = {
            ACCOUNT: name,
            ASSESSED_ON: assessed_on,
            ASSESSOR: email if is_member else None,
            NOTE: note,
            **dict.fromkeys(keys),
        }
        for row in scores:
            key, value = row[6:]
            # 85 rather than 85.0: what a person typed.
            record[key] = int(value) if value is not None and value.is_integer() else value
        yield record
