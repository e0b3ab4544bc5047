"""/api/v1/attention: what needs attention this week, as the attention page and
`keyfolio attention` list it (keyfolio.playbook.workqueue.WorkQueue): one entry per
account, in the queue's order, with its lines most urgent first.

Your own accounts and actions; with `?all=1`, the whole team's, for those who see
every account (directors and above), as the page's switch allows. The queue is ranked,
not ordered by id, so its cursor is a position in it (opaque all the same).
"""

import base64
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from keyfolio.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from keyfolio.api.problems import Problem, validation_problem
from keyfolio.playbook.queue import AttentionItem, Scope
from keyfolio.playbook.workqueue import SNOOZED, AccountGroup, WorkQueue

router = Router(tags=["attention"])

SHOWS = ("red", "amber", SNOOZED)


class AttentionLineOut(Schema):
    check: str = Field(description="The playbook's check, or action_due / action_overdue.")
    severity: str = Field(description="red or amber.")
    reason: str
    suggestion: str = Field(description="The suggested next step, or the action's title.")
    due_on: date | None = Field(description="An action's due date.")
    overdue_days: int


class AttentionAccountOut(Schema):
    account: int
    name: str
    owner: str | None = Field(description="The account manager's e-mail.")
    severity: str = Field(description="Its most urgent line's: red or amber.")
    lines: list[AttentionLineOut] = Field(description="Most urgent first.")
    snoozed: int = Field(description="How many of its checks are snoozed.")


class AttentionCounts(Schema):
    red: int
    amber: int
    snoozed: int
    accounts: int


class AttentionPage(Schema):
    counts: AttentionCounts = Field(description="Of the whole queue, not of this page.")
    items: list[AttentionAccountOut]
    next: str | None = Field(description="The URL of the next page; null on the last.")


def _encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"at:{position}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, position = text.partition(":")
        if kind != "at" or int(position) < 0:
            raise ValueError(text)
        return int(position)
    except (ValueError, UnicodeDecodeError):
        raise validation_problem(
            {"cursor": [_("This cursor is not one we gave: use the “next” link as it is.")]}
        ) from None


def _line_out(item: AttentionItem) -> dict[str, Any]:
    return {
        "check": item.check,
        "severity": item.severity.value,
        "reason": item.reason,
        "suggestion": item.suggestion,
        "due_on": item.due_on,
        "overdue_days": item.overdue_days,
    }


def _group_out(group: AccountGroup) -> dict[str, Any]:
    owner = group.account.owner
    return {
        "account": group.account.pk,
        "name": group.account.name,
        "owner": owner.email if owner else None,
        "severity": group.severity.value,
        "lines": [_line_out(item) for item in group.items],
        "snoozed": len(group.snoozed),
    }


@router.get("/attention", response=AttentionPage, url_name="attention")
def attention(
    request: HttpRequest,
    all: Annotated[
        bool, Query(description="The whole team's queue (directors, admins and owners).")
    ] = False,
    show: Annotated[
        str, Query(description="red, amber or snoozed: only the accounts with such a line.")
    ] = "",
    cursor: Annotated[str | None, Query(description="The cursor of the `next` link.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Your attention queue, most urgent account first, a page at a time."""
    membership = request.membership  # type: ignore[attr-defined]
    if show and show not in SHOWS:
        raise validation_problem({"show": [_("Choose red, amber or snoozed.")]})
    if all and not membership.sees_all_accounts:
        raise Problem(
            403, "forbidden", _("Only those who see every account may see the whole team's.")
        )
    scope = Scope.whole_team() if all else Scope.of(membership.user)
    queue = WorkQueue(membership, today=timezone.localdate(), scope=scope, show=show)
    start = _decode(cursor) if cursor else 0
    groups = queue.groups(start, start + limit + 1)
    next_url = None
    if len(groups) > limit:
        groups = groups[:limit]
        query = request.GET.copy()
        query["cursor"] = _encode(start + limit)
        query["limit"] = str(limit)
        next_url = request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))
    counts = queue.counts()
    return {
        "counts": {
            "red": counts.red,
            "amber": counts.amber,
            "snoozed": counts.snoozed,
            "accounts": counts.accounts,
        },
        "items": [_group_out(group) for group in groups],
        "next": next_url,
    }
