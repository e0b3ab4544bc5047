"""Exporting account plans, one row per plan, with every answer as plain text.

The columns are `account` (the account's name), the plan's field names (`title` is
its period, `resource_owner` an e-mail) and then one column per question of the
workspace's plan template, retired questions too, named `answer_<key>` (a question's
key alone could be the name of a figure: the default template has a `loyalty`
question beside the `loyalty` figure). An answer, stored as the editor's HTML, is
written as its text: a paragraph per line, list items as "• item" or "1. item".
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db.models import JSONField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import AccountQuerySet
from keyfolio.core.aggregates import JsonObjectAgg
from keyfolio.plans.models import AccountPlan, PlanAnswer, PlanQuestion
from keyfolio.plans.richtext import blocks
from keyfolio.plans.services import FIGURE_FIELDS
from keyfolio.workspaces.models import Workspace

ANSWER_PREFIX = "answer_"
PLAN_FIXED_FIELDS = (
    "account",
    "title",
    "starts_on",
    "ends_on",
    "status",
    "reviewed_on",
    "agreed_with_client",
    *FIGURE_FIELDS,
)
PLANS_SHEET = _("Plans")  # The XLSX sheet's name.
PLANS_WIDTHS = {"account": 40, "resource_owner": 28, "capacity_note": 40}
ANSWER_WIDTH = 50


def plans_export_fields(workspace: Workspace) -> list[str]:
    """The export's columns: the fixed ones, then one per plan question in its order."""
    keys = PlanQuestion.objects.filter(workspace=workspace).values_list("key", flat=True)
    return [*PLAN_FIXED_FIELDS, *(ANSWER_PREFIX + key for key in keys)]


def plans_widths(fields: Sequence[str]) -> Mapping[str, float]:
    return PLANS_WIDTHS | {f: ANSWER_WIDTH for f in fields if f.startswith(ANSWER_PREFIX)}


def plans_records(accounts: AccountQuerySet, *, fields: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Every plan of `accounts`, by account name and then start, as a record with the
    keys `fields` (from `plans_export_fields`): dates as `date`s, money as Decimals,
    answers as text, "" for a question not answered.

    One query whatever the number of plans, read in chunks: a row per plan with its
    answers gathered by the database into one JSON object by question key."""
    answers = (
        PlanAnswer.objects.filter(plan=OuterRef("pk"))
        .exclude(text="")
        .values("plan")
        .annotate(given=JsonObjectAgg("question__key", "text"))
        .values("given")
    )
    figures = [f"{field}__email" if field == "resource_owner" else field for field in FIGURE_FIELDS]
    rows = (
        AccountPlan.objects.filter(account__in=accounts)
        .annotate(answer_texts=Subquery(answers, output_field=JSONField()))
        .order_by("account__name", "account_id", "starts_on", "created_at", "pk")
        .values_list("account__name", *PLAN_FIXED_FIELDS[1:7], *figures, "answer_texts")
    )
    keys = [field for field in fields if field.startswith(ANSWER_PREFIX)]
    for *values, given in rows.iterator(chunk_size=500):
        record: dict[str, Any] = dict(zip(PLAN_FIXED_FIELDS, values, strict=True))
        record |= dict.fromkeys(keys, "")
        for key, html in (given or {}).items():
            if ANSWER_PREFIX + key in record:
                record[ANSWER_PREFIX + key] = answer_text(html)
        yield record


def answer_text(html: str) -> str:
    """An answer's cleaned HTML as plain text: a paragraph or list item per line."""
    lines = []
    for block in blocks(html):
        if block.kind == "ul":
            lines += [f"• {item}" for item in block.items]
        elif block.kind == "ol":
            lines += [f"{n}. {item}" for n, item in enumerate(block.items, start=1)]
        else:
            lines += block.items
    return "\n".join(lines)
