"""The workspace's webhooks (settings, admins only): the list, one webhook with its
delivery log, and the buttons that send a test event or a message again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.core.forms import save_form
from keyfolio.core.versions import atomic_post, lock
from keyfolio.webhooks import services
from keyfolio.webhooks.forms import WebhookEditForm, WebhookForm
from keyfolio.webhooks.models import WebhookDelivery
from keyfolio.webhooks.selectors import delivery_log, get_webhook, webhooks_of
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role

# The session key under which a new webhook's secret waits to be shown, once.
NEW_SECRET = "webhooks.new_secret"


def _posted(request):
    return request.POST if request.method == "POST" else None


@workspace_view(min_role=Role.ADMIN)
def webhooks(request):
    """The workspace's webhooks and a form to add one."""
    form = WebhookForm(_posted(request))

    def save(data):
        return services.webhook_create(workspace=request.workspace, **data)

    if request.method == "POST" and (added := save_form(form, save)) is not None:
        request.session[NEW_SECRET] = {"webhook": added.pk, "secret": added.secret}
        messages.success(request, _("Webhook added."))
        return redirect("webhooks:detail", request.workspace.slug, added.pk)
    rows = list(webhooks_of(request.workspace))
    return render(request, "webhooks/list.html", {"rows": rows, "form": form})


@workspace_view(min_role=Role.ADMIN)
@atomic_post
def detail(request, webhook_pk: int):
    """One webhook: its settings, its secret (in full only right after it was made) and
    the log of its messages."""
    webhook = lock(get_webhook(request.workspace, webhook_pk))
    initial = {
        "url": webhook.url,
        "description": webhook.description,
        "events": webhook.events,
        "allow_private": webhook.allow_private,
        "active": webhook.active,
    }
    form = WebhookEditForm(_posted(request), initial=initial, version_of=webhook)

    def save(data):
        return services.webhook_update(webhook=webhook, **data)

    if request.method == "POST" and save_form(form, save) is not None:
        messages.success(request, _("Webhook saved."))
        return redirect("webhooks:detail", request.workspace.slug, webhook.pk)
    new = request.session.get(NEW_SECRET)
    secret = None
    if new and new.get("webhook") == webhook.pk:
        secret = new["secret"]
        del request.session[NEW_SECRET]
    context = {
        "webhook": webhook,
        "form": form,
        "secret": secret,
        "page": delivery_log(webhook, request.GET.get("page")),
    }
    return render(request, "webhooks/detail.html", context)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def delete(request, webhook_pk: int):
    webhook = get_webhook(request.workspace, webhook_pk)
    services.webhook_delete(webhook=webhook)
    messages.success(request, _("Webhook deleted."))
    return redirect("webhooks:list", request.workspace.slug)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def send_test(request, webhook_pk: int):
    webhook = get_webhook(request.workspace, webhook_pk)
    try:
        services.webhook_send_test(webhook=webhook)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Test event queued; it appears in the log below."))
    return redirect("webhooks:detail", request.workspace.slug, webhook.pk)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def redeliver(request, webhook_pk: int, delivery_pk: int):
    webhook = get_webhook(request.workspace, webhook_pk)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_pk, webhook=webhook)
    try:
        services.delivery_redeliver(delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Message queued to be sent again."))
    return redirect("webhooks:detail", request.workspace.slug, webhook.pk)
