"""The data behind the org chart, as a plain JSON-ready dictionary.

The page passes it to stakeholders.js with `json_script`; the script only draws. Labels
are translated here, in the page's language.
"""

from collections.abc import Callable, Sequence

from keyfolio.method.coverage import DECIDING_ROLES
from keyfolio.stakeholders.hierarchy import has_loop
from keyfolio.stakeholders.models import Attitude, Contact
from keyfolio.stakeholders.templatetags.stakeholder_tags import attitude_key


def _node(contact: Contact, url: Callable[[Contact], str] | None) -> dict:
    return {
        "id": str(contact.pk),
        "name": contact.name,
        "title": contact.title,
        "role": contact.get_decision_role_display() if contact.decision_role else "",
        "decides": contact.decision_role in DECIDING_ROLES,
        "influence": contact.influence,
        "attitude": attitude_key(contact.attitude),
        "attitudeLabel": Attitude(contact.attitude).label,
        "url": url(contact) if url else "",
    }


def org_chart(
    account_name: str,
    contacts: Sequence[Contact],
    *,
    url: Callable[[Contact], str] | None = None,
) -> dict:
    """The active contacts as a tree (`{"layout": "tree", "root": node}`, children nested)
    when their reporting lines form one, else as a graph (`{"layout": "graph", "nodes",
    "links"}`). Someone whose manager is not among `contacts` (none, or one who left) is
    a root; several roots hang under the account's name."""
    ids = {contact.pk for contact in contacts}
    managers = {c.pk: c.reports_to_id if c.reports_to_id in ids else None for c in contacts}
    nodes = {contact.pk: _node(contact, url) for contact in contacts}
    if has_loop(managers):
        links = [
            {"source": str(pk), "target": str(manager)}
            for pk, manager in managers.items()
            if manager is not None
        ]
        return {"layout": "graph", "nodes": list(nodes.values()), "links": links}

    roots = []
    for contact in contacts:  # In the given order, so siblings keep the table's order.
        node, manager = nodes[contact.pk], managers[contact.pk]
        if manager is None:
            roots.append(node)
        else:
            nodes[manager].setdefault("children", []).append(node)
    if len(roots) == 1:
        return {"layout": "tree", "root": roots[0]}
    return {"layout": "tree", "root": {"id": "account", "name": account_name, "children": roots}}
