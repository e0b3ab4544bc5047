"""Who takes how much of the client's spend: our share and the competitors' estimates.

Plain data in, plain data out, so that the bar on the intelligence tab and anything
else that shows shares (the brief, exports) agree on the arithmetic.
"""

from collections.abc import Iterable
from dataclasses import dataclass

# How many competitor colours the bar cycles through (keyfolio.css: .kf-share-c1..c6).
COMPETITOR_TONES = 6


@dataclass(frozen=True)
class ShareSlice:
    label: str
    share: float  # Per cent of the client's spend in our category.
    width: float  # Per cent of the bar's length.
    tone: str  # "ours", "c1".."c6" or "unknown": the CSS class that colours it.


@dataclass(frozen=True)
class ShareBar:
    slices: tuple[ShareSlice, ...]
    known: float  # The estimates' sum (ours and the competitors'), per cent.

    @property
    def unknown(self) -> float:
        return max(0.0, round(100.0 - self.known, 6))

    @property
    def exceeds_whole(self) -> bool:
        """True when the estimates claim more than the client spends: a data problem to
        show, not to clip. Rounded so that 33.3 + 33.3 + 33.4 does not count."""
        return round(self.known, 6) > 100


def competitor_tone(position: int) -> str:
    """The colour of the competitor at `position` (0-based) among those with an estimate."""
    return f"c{position % COMPETITOR_TONES + 1}"


def share_bar(ours: tuple[str, float] | None, competitors: Iterable[tuple[str, float]]) -> ShareBar:
    """The bar of shares: ours first, then each competitor's estimate, then the unknown rest.

    `ours` and each competitor are (label, per cent). When the estimates add up to more
    than 100 % the bar is scaled to their sum, so that it still fits and shows the
    proportions; `exceeds_whole` tells the page to warn.
    """
    parts: list[tuple[str, float, str]] = []
    if ours is not None:
        parts.append((ours[0], ours[1], "ours"))
    parts.extend((label, share, competitor_tone(n)) for n, (label, share) in enumerate(competitors))
    known = sum(share for _, share, _ in parts)
    # Rounded, so that floating-point dust (33.3 + 33.3 + 33.4) leaves no sliver.
    rest = max(0.0, round(100.0 - known, 6))
    scale = max(known, 100.0)
    slices = [ShareSlice(label, share, share / scale * 100, tone) for label, share, tone in parts]
    if rest > 0:
        slices.append(ShareSlice("", rest, rest / scale * 100, "unknown"))
    return ShareBar(tuple(slices), known)
