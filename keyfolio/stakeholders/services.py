"""Writes on the stakeholder map: the client's people and who of ours knows them.

Every interface (pages, API, imports, demo data) goes through these functions, so that
who may report to whom and who may know whom is decided in one place.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import workspace_members
from keyfolio.stakeholders.hierarchy import loop_through
from keyfolio.stakeholders.models import Contact, ContactRelationship
from keyfolio.users.models import User

# The fields of a contact that a person edits on its form (and an import may set).
CONTACT_FIELDS = (
    "name",
    "title",
    "department",
    "reports_to",
    "decision_role",
    "influence",
    "attitude",
    "language",
    "email",
    "phone",
    "notes",
    "active",
)
# Checked by the services themselves: they need the contact's account to make sense.
_CHECKED_APART = ["workspace", "account", "reports_to"]


def _check_manager(contact: Contact) -> None:
    """A contact reports to another contact of the same account, and never, through any
    number of people, to themselves."""
    manager = contact.reports_to
    if manager is None:
        return
    if manager.account_id != contact.account_id:
        raise ValidationError(
            {"reports_to": _("Choose someone of this account.")}, code="foreign_manager"
        )
    if contact.pk is None:
        return  # Nobody can report to a contact that does not exist yet.
    if manager.pk == contact.pk:
        raise ValidationError(
            {"reports_to": _("A person cannot report to themselves.")}, code="self_manager"
        )
    managers = dict(
        Contact.objects.filter(account_id=contact.account_id).values_list("pk", "reports_to_id")
    )
    loop = loop_through(contact.pk, manager.pk, managers)
    if loop is not None:
        names = dict(Contact.objects.filter(pk__in=loop).values_list("pk", "name"))
        message = _(
            "%(name)s cannot report to %(manager)s: %(manager)s already reports to "
            "%(name)s (%(chain)s)."
        ) % {
            "name": contact.name,
            "manager": manager.name,
            "chain": " → ".join(names[pk] for pk in loop),
        }
        raise ValidationError({"reports_to": message}, code="reporting_loop")


def _save_contact(contact: Contact) -> Contact:
    contact.name = contact.name.strip()
    contact.full_clean(exclude=_CHECKED_APART, validate_unique=False)
    _check_manager(contact)
    contact.save()
    return contact


@transaction.atomic
def contact_create(*, account: Account, name: str, **fields) -> Contact:
    """A new contact of the account; `fields` are any others of CONTACT_FIELDS."""
    unknown = sorted(set(fields) - set(CONTACT_FIELDS))
    if unknown:
        raise TypeError(f"contact_create() cannot set {', '.join(unknown)}.")
    contact = Contact(workspace_id=account.workspace_id, account=account, name=name, **fields)
    return _save_contact(contact)


@transaction.atomic
def contact_update(*, contact: Contact, **changes) -> Contact:
    """Change the given fields (any of CONTACT_FIELDS)."""
    unknown = sorted(set(changes) - set(CONTACT_FIELDS))
    if unknown:
        raise TypeError(f"contact_update() cannot change {', '.join(unknown)}.")
    for field, value in changes.items():
        setattr(contact, field, value)
    return _save_contact(contact)


def contact_deactivate(*, contact: Contact) -> Contact:
    """The person has left the client. They stay on the map, greyed out, with their
    history; nobody's reporting line changes."""
    contact.active = False
    contact.save(update_fields=["active", "updated_at"])
    return contact


def contact_reactivate(*, contact: Contact) -> Contact:
    contact.active = True
    contact.save(update_fields=["active", "updated_at"])
    return contact


def contact_delete(*, contact: Contact) -> None:
    """Remove a contact entered by mistake, with who of ours knew them; the people who
    reported to them no longer report to anyone. Someone who left is deactivated instead."""
    contact.delete()


def _duplicate_relationship_error(contact: Contact, user: User) -> ValidationError:
    message = _("%(person)s is already listed as knowing %(contact)s; change that instead.") % {
        "person": user.display_name,
        "contact": contact.name,
    }
    return ValidationError({"user": message}, code="duplicate_relationship")


@transaction.atomic
def relationship_create(
    *, contact: Contact, user: User, strength: int = 3, note: str = ""
) -> ContactRelationship:
    """Record that `user`, a member of the contact's workspace, knows the contact this well."""
    if not workspace_members(contact.account.workspace).filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": _("Choose a member of this workspace.")}, code="foreign_user"
        )
    if ContactRelationship.objects.filter(contact=contact, user=user).exists():
        raise _duplicate_relationship_error(contact, user)
    relationship = ContactRelationship(contact=contact, user=user, strength=strength, note=note)
    relationship.full_clean(exclude=["contact", "user"], validate_unique=False)
    try:
        # A savepoint, so that a concurrent duplicate fails this write alone.
        with transaction.atomic():
            relationship.save()
    except IntegrityError:
        raise _duplicate_relationship_error(contact, user) from None
    return relationship


def relationship_update(
    *, relationship: ContactRelationship, strength: int, note: str = ""
) -> ContactRelationship:
    relationship.strength = strength
    relationship.note = note
    relationship.full_clean(exclude=["contact", "user"], validate_unique=False)
    relationship.save(update_fields=["strength", "note"])
    return relationship


def relationship_delete(*, relationship: ContactRelationship) -> None:
    relationship.delete()
