"""How each kind of activity looks on the timeline: an icon and a colour tone."""

from django import template

from keyfolio.activities.models import KindChoice

register = template.Library()

# Bootstrap icon names and the Bootstrap colour whose subtle variant backs the icon.
# Leadership kinds (rule 1) share the warm tone so that they stand out in a long log.
KIND_LOOK: dict[str, tuple[str, str]] = {
    KindChoice.MEETING: ("people", "primary"),
    KindChoice.CALL: ("telephone", "secondary"),
    KindChoice.EMAIL: ("envelope", "secondary"),
    KindChoice.EXECUTIVE_MEETING: ("briefcase", "warning"),
    KindChoice.SEMINAR: ("easel", "info"),
    KindChoice.CONFERENCE: ("mic", "info"),
    KindChoice.INFORMAL_EVENT: ("cup-hot", "warning"),
    KindChoice.STRATEGY_SESSION: ("signpost-split", "dark"),
    KindChoice.BUSINESS_REVIEW: ("clipboard-data", "primary"),
    KindChoice.PROPOSAL: ("file-earmark-text", "success"),
}
DEFAULT_LOOK = ("calendar-event", "secondary")


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_LOOK.get(kind, DEFAULT_LOOK)[0]


@register.filter
def kind_tone(kind: str) -> str:
    return KIND_LOOK.get(kind, DEFAULT_LOOK)[1]
