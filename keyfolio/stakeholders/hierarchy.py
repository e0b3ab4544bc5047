"""Who reports to whom, as plain data: {contact id: manager id or None}.

Shared by the write that refuses a reporting loop (services) and the org chart, which
draws a tree only when there is no loop (charts).
"""

from collections.abc import Iterator, Mapping

Managers = Mapping[int, int | None]


def chain_of_command(start: int, managers: Managers) -> Iterator[int]:
    """`start`, its manager, their manager... up to someone with no manager (or whose
    manager is not in `managers`). Stops before repeating anyone, so a loop ends too."""
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        seen.add(current)
        yield current
        manager = managers.get(current)
        current = manager if manager in managers else None


def loop_through(contact: int, new_manager: int, managers: Managers) -> list[int] | None:
    """The chain from `new_manager` up to `contact` if `contact` reporting to `new_manager`
    would close a loop (A reports to B who reports to A), else None."""
    chain = []
    for person in chain_of_command(new_manager, managers):
        chain.append(person)
        if person == contact:
            return chain
    return None


def has_loop(managers: Managers) -> bool:
    """True if following managers from anyone comes back to someone already passed."""
    for start in managers:
        chain = list(chain_of_command(start, managers))
        # The chain stopped at its top; it looped if the top's manager is already in it.
        if managers.get(chain[-1]) in chain:
            return True
    return False
