"""The relationship stage of an account (METHOD.md §3): changing it, and reading its history.

Account.stage is the stage of the latest change by date; StageChange keeps every
change, so that a stage recorded late (back-dated) fills the history without
overriding what is known to be true now.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account, StageChange, StageChoice
from keyfolio.method.stages import LADDER, Stage
from keyfolio.users.models import User

# Newest first; on the same day, the one recorded last comes first.
HISTORY_ORDER = ("-changed_on", "-created_at", "-pk")


@transaction.atomic
def stage_change(
    *, account: Account, stage: str, changed_on: date, by: User | None, note: str = ""
) -> StageChange:
    """Record that the account is at `stage` since `changed_on`. The account's current
    stage follows only if no change is dated later; a back-dated one only adds history."""
    change = StageChange(
        account=account, stage=stage, changed_on=changed_on, changed_by=by, note=note.strip()
    )
    errors: dict[str, list[str]] = {}
    try:
        change.full_clean()  # A known stage, a reason that fits.
    except ValidationError as error:
        errors = error.message_dict
    if changed_on > timezone.localdate():
        errors.setdefault("changed_on", []).append(
            _("A stage cannot change in the future; pick today or earlier.")
        )
    if errors:
        raise ValidationError(errors)
    change.save()
    later = account.stage_changes.filter(changed_on__gt=changed_on).exists()
    if not later and account.stage != stage:
        account.stage = stage
        account.save(update_fields=["stage", "updated_at"])
    return change


@dataclass(frozen=True)
class LadderStep:
    stage: str
    label: str
    state: str  # "done" (passed), "current", or "ahead".


def _ladder(reached: str) -> list[LadderStep]:
    """The five steps, marked against the step `reached` ("" for none)."""
    position = LADDER.index(Stage(reached)) if reached in LADDER else -1
    steps = []
    for n, stage in enumerate(LADDER):
        state = "done" if n < position else "current" if n == position else "ahead"
        steps.append(LadderStep(stage.value, str(StageChoice(stage.value).label), state))
    return steps


def stage_since(history: list[StageChange], stage: str) -> date | None:
    """When the current run of `stage` began: the oldest of the newest changes to it,
    so that recording the same stage again does not reset the date."""
    since = None
    for change in history:
        if change.stage != stage:
            break
        since = change.changed_on
    return since


def stage_context(account: Account) -> dict:
    """The relationship stage card's context: the ladder, the current stage and since
    when, and the history newest first (one query)."""
    history = list(account.stage_changes.select_related("changed_by").order_by(*HISTORY_ORDER))
    disintegrating = account.stage == Stage.DISINTEGRATING
    # Off the ladder, the card still shows the step the relationship had reached.
    reached = (
        next((c.stage for c in history if c.stage in LADDER), "")
        if disintegrating
        else account.stage
    )
    return {
        "stage_history": history,
        "stage_ladder": _ladder(reached),
        "stage_disintegrating": disintegrating,
        "stage_since": stage_since(history, account.stage) if account.stage else None,
    }
