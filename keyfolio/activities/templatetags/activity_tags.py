"""How each kind of activity looks on the timeline: an icon and a colour tone."""

from django import template

from keyfolio.activities.models import KindChoice

register = template.Library()

# Bootstrap icon classes (named whole, so that keyfolio.core.icons finds them) and the
# Bootstrap colour whose subtle variant backs the icon.
# Leadership kinds (rule 1) share the warm tone so that they stand out in a long log.
KIND_LOOK: dict[str, tuple[str, str]] = {
    KindChoice.MEETING: ("bi-people", "primary"),
    KindChoice.CALL: ("bi-telephone", "secondary"),
    KindChoice.EMAIL: ("bi-envelope", "secondary"),
    KindChoice.EXECUTIVE_MEETING: ("bi-briefcase", "warning"),
    KindChoice.SEMINAR: ("bi-easel", "info"),
    KindChoice.CONFERENCE: ("bi-mic", "info"),
    KindChoice.INFORMAL_EVENT: ("bi-cup-hot", "warning"),
    KindChoice.STRATEGY_SESSION: ("bi-signpost-split", "dark"),
    KindChoice.BUSINESS_REVIEW: ("bi-clipboard-data", "primary"),
    KindChoice.PROPOSAL: ("bi-file-earmark-text", "success"),
}
DEFAULT_LOOK = ("bi-calendar-event", "secondary")


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_LOOK.get(kind, DEFAULT_LOOK)[0]


@register.filter
def kind_tone(kind: str) -> str:
    return KIND_LOOK.get(kind, DEFAULT_LOOK)[1]
