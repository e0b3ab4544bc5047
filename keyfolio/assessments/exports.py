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
from typing import Any

from django.db.models import Aggregate, Exists, JSONField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.assessments.imports import ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE
from keyfolio.assessments.models import Assessment, Methodology, Score
from keyfolio.workspaces.models import Membership, Workspace

SCORES_FIXED_FIELDS = (ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE)
SCORES_SHEET = _("Assessments")  # The XLSX sheet's name.
SCORES_WIDTHS = {ACCOUNT: 40, ASSESSED_ON: 12, ASSESSOR: 28, NOTE: 40}


def scores_export_fields(workspace: Workspace) -> list[str]:
    """The export's columns: the fixed ones, then the current methodology's criterion keys."""
    criteria = Methodology.objects.current_for(workspace).active_criteria()
    return [*SCORES_FIXED_FIELDS, *criteria.values_list("key", flat=True)]


class _ScoresByKey(Aggregate):
    """The group's (criterion key, value) pairs as one JSON object: SQLite's
    JSON_GROUP_OBJECT, PostgreSQL's JSON_OBJECT_AGG."""

    function = "JSON_GROUP_OBJECT"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # As text, which JSONField decodes: psycopg would hand over the json decoded.
        sql, params = self.as_sql(compiler, connection, function="JSON_OBJECT_AGG", **extra_context)
        return f"({sql})::text", params


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
        .annotate(given=_ScoresByKey("criterion__key", "value"))
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
