"""The data behind the account overview's charts, as plain JSON-ready dictionaries.

The page passes them to account.js with `json_script`; the script only draws.
"""

from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keyfolio.assessments.models import Assessment, AxisChoice, Score
from keyfolio.method import Thresholds


def radar_scores(*assessments: Assessment | None) -> dict[int, list[Score]]:
    """The scores of the given assessments with their criteria, in one query, by assessment."""
    ids = [a.pk for a in assessments if a is not None]
    by_assessment: dict[int, list[Score]] = {pk: [] for pk in ids}
    scores = (
        Score.objects.filter(assessment_id__in=ids)
        .select_related("criterion")
        .order_by("criterion__axis", "criterion__position", "criterion__pk")
    )
    for score in scores:
        by_assessment[score.assessment_id].append(score)
    return by_assessment


def radar_data(
    current: Assessment, previous: Assessment | None, scores: dict[int, list[Score]]
) -> dict:
    """One spoke per criterion of the current assessment, labelled in the page's language.

    The previous assessment may have used another version of the methodology, so its
    scores are matched by criterion key; a criterion it did not have is a gap (None).
    """
    current_scores = scores[current.pk]
    data = {
        "indicators": [
            {"name": s.criterion.label, "axis": s.criterion.axis} for s in current_scores
        ],
        "current": {
            "name": _("Current · %(date)s") % {"date": date_format(current.assessed_on)},
            "values": [s.value for s in current_scores],
        },
        "previous": None,
        "labels": {"notAssessed": _("not assessed")},
    }
    if previous is not None:
        previous_by_key = {s.criterion.key: s.value for s in scores[previous.pk]}
        data["previous"] = {
            "name": _("Previous · %(date)s") % {"date": date_format(previous.assessed_on)},
            "values": [previous_by_key.get(s.criterion.key) for s in current_scores],
        }
    return data


def radar_table(radar: dict) -> list[dict]:
    """The radar's numbers as the rows of its data table, one group per axis in the
    radar's order: each criterion with its current and previous score (None: not
    assessed, or not a criterion of the previous assessment)."""
    previous = radar["previous"]["values"] if radar["previous"] else None
    groups: list[dict] = []
    for i, indicator in enumerate(radar["indicators"]):
        if not groups or groups[-1]["axis"] != indicator["axis"]:
            label = AxisChoice(indicator["axis"]).label
            groups.append({"axis": indicator["axis"], "label": label, "rows": []})
        groups[-1]["rows"].append(
            {
                "label": indicator["name"],
                "current": radar["current"]["values"][i],
                "previous": None if previous is None else previous[i],
            }
        )
    return groups


def not_assessed_labels(scores: Iterable[Score]) -> list[str]:
    return [s.criterion.label for s in scores if s.value is None]


def history_data(assessments: Iterable[Assessment], thresholds: Thresholds) -> dict:
    """Both indices over time, oldest first, with the thresholds that split the square."""
    points = sorted(assessments, key=lambda a: (a.assessed_on, a.created_at, a.pk))
    return {
        "client": [[a.assessed_on.isoformat(), a.client_index] for a in points],
        "our": [[a.assessed_on.isoformat(), a.our_index] for a in points],
        "thresholds": {"client": thresholds.client, "our": thresholds.our},
        "labels": {
            "client": _("Client position"),
            "our": _("Our position"),
            "clientThreshold": _("client threshold"),
            "ourThreshold": _("our threshold"),
            "threshold": _("threshold"),
        },
    }
