"""The stakeholder map (the dossier's "Stakeholders" tab) and the pages that edit it:
the client's people, who of ours knows them, the coverage and the org chart."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import fragment_or_redirect, wants_fragment
from keyfolio.core.versions import atomic_post, lock
from keyfolio.stakeholders import services
from keyfolio.stakeholders.charts import org_chart
from keyfolio.stakeholders.forms import ContactFilterForm, ContactForm, RelationshipForm
from keyfolio.stakeholders.models import Contact, ContactRelationship, DecisionRole
from keyfolio.stakeholders.selectors import (
    active_contacts,
    attitude_mix,
    contact_counts,
    contact_table,
    contact_with_relationships,
    coverage_for,
)
from keyfolio.workspaces.access import workspace_view


def _contact_for(account: Account, contact_pk: int) -> Contact:
    """The account's contact, with its manager and who of ours knows them, or 404."""
    return get_object_or_404(contact_with_relationships(account, contact_pk))


def _relationship_for(contact: Contact, relationship_pk: int) -> ContactRelationship:
    relationships = ContactRelationship.objects.select_related("user")
    return get_object_or_404(relationships, pk=relationship_pk, contact=contact)


def _coverage_context(account: Account) -> dict:
    """The coverage panel: the numbers, the deciders nobody of ours knows well (by name,
    the most influential first) and the attitude mix of the active contacts."""
    active = active_contacts(account)
    coverage = coverage_for(account)
    by_id = {contact.pk: contact for contact in active}
    uncovered = [by_id[pk] for pk in coverage.uncovered_deciders if pk in by_id]
    uncovered.sort(key=lambda contact: (-contact.influence, contact.name))
    return {
        "active": active,
        "coverage": coverage,
        "uncovered": uncovered,
        "uncovered_ids": set(coverage.uncovered_deciders),
        "deciders_known_well": coverage.deciders - len(coverage.uncovered_deciders),
        "attitude_mix": attitude_mix(active),
    }


@workspace_view()
def map(request, pk: int):
    account = get_account_for(request.membership, pk)
    filters = ContactFilterForm(request.GET).filters()
    context = dossier_context(request.membership, account, tab="stakeholders")
    context.update(_coverage_context(account))

    def edit_url(contact: Contact) -> str:
        return reverse("stakeholders:contact_edit", args=[request.workspace.slug, pk, contact.pk])

    context.update(
        contacts=list(contact_table(account, **filters)),
        filters=filters,
        counts=contact_counts(account),
        roles=DecisionRole.choices,
        org_chart=org_chart(
            account.name, context["active"], url=edit_url if context["can_edit"] else None
        ),
    )
    return render(request, "stakeholders/map.html", context)


def _contact_fields(form: ContactForm) -> dict:
    return {name: form.cleaned_data[name] for name in services.CONTACT_FIELDS}


@workspace_view()
def contact_create(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    initial = {"reports_to": request.GET.get("reports_to")}
    form = ContactForm(request.POST or None, account=account, initial=initial)

    def save(_data):
        return services.contact_create(account=account, **_contact_fields(form))

    if request.method == "POST" and (contact := save_form(form, save)) is not None:
        messages.success(request, _("%(name)s added.") % {"name": contact.name})
        if "another" in request.POST:
            return redirect("stakeholders:contact_create", request.workspace.slug, pk)
        return redirect("stakeholders:map", request.workspace.slug, pk)
    return render(request, "stakeholders/contact_form.html", {"account": account, "form": form})


@workspace_view()
@atomic_post
def contact_edit(request, pk: int, contact_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    contact = lock(_contact_for(account, contact_pk))
    form = ContactForm(request.POST or None, instance=contact, account=account)

    def save(_data):
        return services.contact_update(contact=contact, **_contact_fields(form))

    if request.method == "POST" and save_form(form, save) is not None:
        messages.success(request, _("%(name)s saved.") % {"name": contact.name})
        return redirect("stakeholders:map", request.workspace.slug, pk)
    if form.is_bound:
        # Validating changed the contact in memory; the page shows it as it is stored.
        contact = _contact_for(account, contact_pk)
    return _edit_page(request, account, contact, form)


def _edit_page(request, account, contact, form=None, *, add_form=None, edit_forms=None, status=200):
    context = {
        "account": account,
        "contact": contact,
        "form": form or ContactForm(instance=contact, account=account),
        "can_edit": True,
        **_relationships_context(request, contact, add_form, edit_forms),
    }
    return render(request, "stakeholders/contact_form.html", context, status=status)


def _relationships_context(request, contact, add_form=None, edit_forms=None) -> dict:
    """The relationship forms of a contact: one a person already listed (the bound one
    that failed, if any) and one to add someone."""
    edit_forms = edit_forms or {}
    rows = []
    for relationship in contact.relationships.all():
        form = edit_forms.get(relationship.pk) or RelationshipForm.for_relationship(
            None, relationship
        )
        rows.append((relationship, form))
    if add_form is None:
        add_form = RelationshipForm(
            contact=contact, workspace=request.workspace, auto_id=f"id_new{contact.pk}_%s"
        )
    return {"relationships": rows, "add_form": add_form}


def _back_to_map(request, account: Account):
    """Back to the map with the filters it had (the form's `next`), or without them."""
    map_url = reverse("stakeholders:map", args=[request.workspace.slug, account.pk])
    next_url = request.POST.get("next", "")
    if next_url == map_url or next_url.startswith(map_url + "?"):
        return redirect(next_url)
    return redirect(map_url)


@require_POST
@workspace_view()
def contact_deactivate(request, pk: int, contact_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    contact = _contact_for(account, contact_pk)
    services.contact_deactivate(contact=contact)
    messages.success(
        request,
        _("%(name)s is marked as having left the company; find them under “Left”.")
        % {"name": contact.name},
    )
    return _back_to_map(request, account)


@require_POST
@workspace_view()
def contact_reactivate(request, pk: int, contact_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    contact = _contact_for(account, contact_pk)
    services.contact_reactivate(contact=contact)
    messages.success(request, _("%(name)s is active again.") % {"name": contact.name})
    return _back_to_map(request, account)


@workspace_view()
def contact_delete(request, pk: int, contact_pk: int):
    """Ask, then delete a contact entered by mistake."""
    account = get_account_for(request.membership, pk, edit=True)
    contact = _contact_for(account, contact_pk)
    if request.method == "POST":
        services.contact_delete(contact=contact)
        messages.success(request, _("%(name)s deleted.") % {"name": contact.name})
        return redirect("stakeholders:map", request.workspace.slug, pk)
    context = {"account": account, "contact": contact, "reports": contact.reports.count()}
    return render(request, "stakeholders/contact_delete.html", context)


@workspace_view()
def contact_row(request, pk: int, contact_pk: int):
    """One contact's rows of the table (htmx), with who of ours knows them opened below
    when `?relationships=1`."""
    account = get_account_for(request.membership, pk)
    contact = _contact_for(account, contact_pk)
    return _render_row(request, account, contact, panel=bool(request.GET.get("relationships")))


_ROW = "stakeholders/_contact_update.html"


def _render_row(request, account, contact, **row):
    return render(request, _ROW, _row_context(request, account, contact, **row))


def _row_context(request, account, contact, *, panel, add_form=None, edit_forms=None, oob=False):
    can_edit = account.is_editable_by(request.membership)
    coverage = _coverage_context(account)
    context = {
        "account": account,
        "contact": contact,
        "can_edit": can_edit,
        "panel": panel,
        "inline": True,
        "oob": oob,
        **coverage,
    }
    if panel and can_edit:
        context.update(_relationships_context(request, contact, add_form, edit_forms))
    elif panel:
        context["relationships"] = [(rel, None) for rel in contact.relationships.all()]
    return context


def _after_relationship_change(request, account: Account, contact: Contact, message: str):
    """The contact's rows and the coverage panel, fresh (htmx), or back to the edit page."""
    url = reverse(
        "stakeholders:contact_edit", args=[request.workspace.slug, account.pk, contact.pk]
    )
    return fragment_or_redirect(
        request,
        _ROW,
        lambda: _row_context(
            request, account, _contact_for(account, contact.pk), panel=True, oob=True
        ),
        to=url + "#relationships",
        message=message,
    )


def _relationship_refused(request, account, contact, *, add_form=None, edit_forms=None):
    """The form again with its errors, where it was: in the table's row or on the page."""
    contact = _contact_for(account, contact.pk)
    if wants_fragment(request):
        return _render_row(
            request, account, contact, panel=True, add_form=add_form, edit_forms=edit_forms
        )
    return _edit_page(request, account, contact, add_form=add_form, edit_forms=edit_forms)


@require_POST
@workspace_view()
def relationship_add(request, pk: int, contact_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    contact = _contact_for(account, contact_pk)
    form = RelationshipForm(
        request.POST, contact=contact, workspace=request.workspace, auto_id=f"id_new{contact.pk}_%s"
    )
    relationship = save_form(
        form, lambda data: services.relationship_create(contact=contact, **data)
    )
    if relationship is not None:
        message = _("%(person)s knows %(contact)s: noted.") % {
            "person": relationship.user.display_name,
            "contact": contact.name,
        }
        return _after_relationship_change(request, account, contact, message)
    return _relationship_refused(request, account, contact, add_form=form)


@require_POST
@workspace_view()
@atomic_post
def relationship_edit(request, pk: int, contact_pk: int, relationship_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    contact = _contact_for(account, contact_pk)
    relationship = lock(_relationship_for(contact, relationship_pk))
    form = RelationshipForm.for_relationship(request.POST, relationship)
    saved = save_form(
        form, lambda data: services.relationship_update(relationship=relationship, **data)
    )
    if saved is not None:
        return _after_relationship_change(request, account, contact, _("Saved."))
    return _relationship_refused(request, account, contact, edit_forms={relationship.pk: form})


@require_POST
@workspace_view()
def relationship_remove(request, pk: int, contact_pk: int, relationship_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    contact = _contact_for(account, contact_pk)
    relationship = _relationship_for(contact, relationship_pk)
    services.relationship_delete(relationship=relationship)
    message = _("%(person)s no longer listed as knowing %(contact)s.") % {
        "person": relationship.user.display_name,
        "contact": contact.name,
    }
    return _after_relationship_change(request, account, contact, message)
