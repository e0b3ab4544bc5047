"""Test data for the stakeholder pages: contacts and who of ours knows them."""

from django.urls import reverse

from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.stakeholders.services import contact_create, relationship_create


def make_contact(account, name: str, **fields) -> Contact:
    return contact_create(account=account, name=name, **fields)


def knows(user, contact: Contact, strength: int = 3, note: str = "") -> ContactRelationship:
    return relationship_create(contact=contact, user=user, strength=strength, note=note)


def contact_url(name: str, world, contact=None, *extra) -> str:
    """The URL `stakeholders:<name>` of `contact` (of world.account)."""
    args = [world.slug, world.account.pk]
    if contact is not None:
        args.append(contact.pk)
    return reverse(f"stakeholders:{name}", args=[*args, *extra])


def contact_data(**overrides) -> dict:
    """A contact form filled in correctly."""
    data = {
        "name": "Anna Petrova",
        "title": "CFO",
        "department": "Finance",
        "reports_to": "",
        "decision_role": "economic_buyer",
        "influence": "4",
        "attitude": "1",
        "language": "ru",
        "email": "anna@northwind.test",
        "phone": "+7 495 000 00 00",
        "notes": "",
        "active": "on",
    }
    data.update(overrides)
    return data
