"""How the plan tab presents things: risk severity bands and where a question is best
answered. Presentation only; the figures themselves come from the selectors."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SeverityBand:
    key: str  # the CSS modifier: kf-severity-<key>
    label: Promise
    from_severity: int  # likelihood × impact, 1..25


# The usual 5×5 risk-matrix bands, the most severe first.
SEVERITY_BANDS = (
    SeverityBand("critical", _("Critical"), 15),
    SeverityBand("high", _("High"), 10),
    SeverityBand("medium", _("Medium"), 5),
    SeverityBand("low", _("Low"), 1),
)


def severity_band(severity: int) -> SeverityBand:
    return next(band for band in SEVERITY_BANDS if severity >= band.from_severity)


# Questions the plan tab answers elsewhere too, by the question's key (METHOD.md §4):
# access to key people and the decision process are best read off the stakeholder map;
# the others are kept as figures or as the risk register.
STAKEHOLDER_QUESTIONS = frozenset({"access_to_key_people", "decision_process"})
FIGURE_QUESTIONS = frozenset({"price_or_value", "loyalty", "planned_revenue", "current_volume"})
RISK_QUESTIONS = frozenset({"risk"})
