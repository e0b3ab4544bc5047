"""/api/v1/portfolio/square: what the portfolio square draws, as its page's chart asks
for it (keyfolio.portfolio.views.square_data): the accounts the token's member sees,
narrowed by the page's filters, inside a window of the square — their points, or density
cells while there are more than SQUARE_MAX_POINTS of them. A few queries, however many
accounts.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from keyfolio.accounts.models import NOT_ASSESSED, ZoneChoice
from keyfolio.api.problems import validation_problem
from keyfolio.portfolio.forms import SquareWindowForm
from keyfolio.portfolio.selectors import (
    SquareFilters,
    square_accounts,
    square_found,
    square_thresholds,
    square_window,
)

router = Router(tags=["portfolio"])


class SquareOut(Schema):
    mode: str = Field(
        description="points: `points` holds the accounts; cells: `cells` counts them per "
        "density cell; found: `points` holds the accounts `find` found."
    )
    count: int | None = Field(None, description="The placed accounts inside the window.")
    bounds: dict[str, list[float]] | None = Field(
        None, description="The window: our index (x) and the client index (y), from–to."
    )
    points: dict[str, Any] | None = Field(
        None,
        description="`fields` names the columns of each row of `rows`; `owners` gives the "
        "owners' names by id.",
    )
    cells: dict[str, Any] | None = None
    more: bool | None = Field(None, description="With `find`: whether more accounts match.")


@router.get("/portfolio/square", response=SquareOut, url_name="portfolio_square")
def portfolio_square(
    request: HttpRequest,
    zone: Annotated[
        str | None, Query(description="key, target, maintain, reconsider or none.")
    ] = None,
    owner: Annotated[str | None, Query(description="The account manager's e-mail.")] = None,
    segment: str = "",
    arrows: Annotated[bool, Query(description="Add the previous placement.")] = False,
    forecast: Annotated[bool, Query(description="Add the forecast placement.")] = False,
    our_min: float | None = None,
    our_max: float | None = None,
    client_min: float | None = None,
    client_max: float | None = None,
    find: Annotated[
        str, Query(description="The accounts whose name holds this, instead of a window.")
    ] = "",
):
    """The square of the accounts you see, as the portfolio page's chart draws it."""
    membership = request.membership  # type: ignore[attr-defined]
    errors: dict[str, list[str]] = {}
    if zone is not None and zone not in {*ZoneChoice.values, NOT_ASSESSED}:
        errors["zone"] = [_("Choose key, target, maintain, reconsider or none.")]
    owner_id = None
    if owner:
        found = membership.workspace.memberships.filter(user__email__iexact=owner.strip())
        owner_id = found.values_list("user_id", flat=True).first()
        if owner_id is None:
            errors["owner"] = [_("Choose a member of this workspace, by e-mail.")]
    edges = {"our_min": our_min, "our_max": our_max}
    edges |= {"client_min": client_min, "client_max": client_max}
    window = SquareWindowForm({name: value for name, value in edges.items() if value is not None})
    if not find.strip() and not window.is_valid():
        errors |= {name: [str(e) for e in messages] for name, messages in window.errors.items()}
    if errors:
        raise validation_problem(errors)
    filters = SquareFilters(owner=owner_id, zone=zone or "", segment=segment)
    accounts = square_accounts(membership, filters)
    thresholds = square_thresholds(membership.workspace)
    if find.strip():
        return square_found(
            accounts, find.strip(), arrows=arrows, forecast=forecast, thresholds=thresholds
        )
    return square_window(
        accounts, bounds=window.bounds, arrows=arrows, forecast=forecast, thresholds=thresholds
    )
