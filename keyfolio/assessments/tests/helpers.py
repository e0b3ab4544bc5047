"""Test data for the assessment pages: scores, form posts and methodology posts."""

from django.urls import reverse

from keyfolio.assessments.forms import MethodologyEditor
from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA, Axis

CLIENT_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == Axis.CLIENT]
OUR_KEYS = [c.key for c in DEFAULT_CRITERIA if c.axis == Axis.OUR]

# People who may edit world.account.
EDITORS = ["owner", "admin", "director", "manager", "teammate"]


def url(world, name: str, *args) -> str:
    return reverse(f"assessments:{name}", args=[world.slug, *args])


def uniform(client: float | None, our: float | None) -> dict[str, ScoreInput]:
    """Every client criterion scores `client`, every one of ours `our`."""
    scores = {key: ScoreInput(client) for key in CLIENT_KEYS}
    scores.update({key: ScoreInput(our) for key in OUR_KEYS})
    return scores


def assess(account, *, client: float | None, our: float | None, assessor=None) -> Assessment:
    return assessment_create(account=account, assessor=assessor, scores=uniform(client, our))


def form_post(
    values: dict[str, str] | None = None,
    *,
    client: str = "",
    our: str = "",
    na: tuple[str, ...] = (),
    comments: dict[str, str] | None = None,
    assessed_on: str = "2026-03-01",
    note: str = "",
) -> dict[str, str]:
    """The assessment form as a browser posts it: `client`/`our` for every criterion of
    that axis, `values` for single criteria, and the keys in `na` ticked "not assessed"."""
    data = {"assessed_on": assessed_on, "note": note}
    for key in CLIENT_KEYS:
        data[f"score_{key}"] = client
    for key in OUR_KEYS:
        data[f"score_{key}"] = our
    for key, value in (values or {}).items():
        data[f"score_{key}"] = value
    for key in na:
        data[f"na_{key}"] = "on"
    for key, comment in (comments or {}).items():
        data[f"comment_{key}"] = comment
    return data


def methodology_post(methodology: Methodology, changes: dict[str, str] | None = None) -> dict:
    """The methodology page as posted untouched, with `changes` applied; a value of
    None removes a field (an unticked box). It carries the versions the page was read
    with, as a browser's would."""
    editor = MethodologyEditor(methodology)
    data: dict = {
        "version": editor.settings["version"].value(),
        "threshold_client": methodology.threshold_client,
        "threshold_our": methodology.threshold_our,
        "note": "",
    }
    versions = {
        c.key: row["version"].value() for c, row in zip(editor.criteria, editor.rows, strict=True)
    }
    for c in methodology.criteria.all():
        prefix = f"c-{c.key}-"
        data.update(
            {
                prefix + "version": versions[c.key],
                prefix + "label_en": c.label_en,
                prefix + "label_ru": c.label_ru,
                prefix + "guide_en": c.guide_en,
                prefix + "guide_ru": c.guide_ru,
                prefix + "weight": c.weight,
                prefix + "position": c.position,
            }
        )
        if c.active:
            data[prefix + "active"] = "on"
    for i in range(3):  # The empty "add a criterion" rows.
        data.update({f"new-{i}-axis": "", f"new-{i}-weight": "1.0"})
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
