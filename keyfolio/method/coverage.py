"""Coverage of the client's people by ours (METHOD.md §4 q.6–7, §5 rule 1).

Pure functions over plain data: the stakeholder views, the assessment hints and
(later) the playbook all read coverage from here.
"""

from collections.abc import Iterable
from dataclasses import dataclass

# A relationship at least this strong (1..5) means "one of ours knows them well".
KNOWS_WELL = 4
DECIDING_ROLES = frozenset({"decision_maker", "economic_buyer"})


@dataclass(frozen=True)
class Person:
    """One of the client's people as coverage sees them."""

    id: int
    decision_role: str  # "" when unknown
    influence: int  # 1..5
    best_relationship: int  # 0 when nobody of ours knows them, else the strongest 1..5
    active: bool = True


@dataclass(frozen=True)
class Coverage:
    active_contacts: int
    known_well: int  # active contacts someone of ours knows well
    deciders: int  # active decision makers and economic buyers
    uncovered_deciders: tuple[int, ...]  # ids of deciders nobody of ours knows well

    @property
    def single_threaded(self) -> bool:
        """One active contact or none: the relationship hangs on a single thread."""
        return self.active_contacts <= 1

    @property
    def deciders_known_well(self) -> int:
        return self.deciders - len(self.uncovered_deciders)

    @property
    def share_known_well(self) -> float | None:
        return self.known_well / self.active_contacts if self.active_contacts else None


def coverage_of(people: Iterable[Person]) -> Coverage:
    active = [p for p in people if p.active]
    deciders = [p for p in active if p.decision_role in DECIDING_ROLES]
    return Coverage(
        active_contacts=len(active),
        known_well=sum(1 for p in active if p.best_relationship >= KNOWS_WELL),
        deciders=len(deciders),
        uncovered_deciders=tuple(p.id for p in deciders if p.best_relationship < KNOWS_WELL),
    )
