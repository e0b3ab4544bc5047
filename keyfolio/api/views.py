"""The member's API tokens page: make one (shown once), see them, revoke one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from keyfolio.api.forms import TokenForm
from keyfolio.api.selectors import token_for, tokens_of
from keyfolio.api.services import api_token_create, api_token_revoke
from keyfolio.workspaces.access import workspace_view


def _page(request, *, form: TokenForm | None = None, token: str | None = None) -> HttpResponse:
    context = {
        "tokens": tokens_of(request.membership),
        "form": form or TokenForm(),
        "new_token": token,
        "docs_url": request.build_absolute_uri(reverse("api:openapi-view")),
        "api_url": request.build_absolute_uri(reverse("api:account_list")),
    }
    return render(request, "api/tokens.html", context)


@workspace_view()
def token_list(request):
    return _page(request)


@workspace_view()
@require_POST
@never_cache
def token_create(request):
    """Make a token and show it, this once: only its hash is kept, so it is rendered
    here rather than carried through a redirect."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form)
    try:
        token = api_token_create(
            membership=request.membership,
            name=form.cleaned_data["name"],
            read_only=form.cleaned_data["read_only"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, form=form)
    return _page(request, token=token)


@workspace_view()
def token_revoke(request, token_pk: int):
    # Someone else's token is a 404 whatever the method, as if it did not exist.
    token = token_for(request.membership, token_pk)
    if token is None:
        raise Http404("No such token.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    api_token_revoke(token=token)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens:list", request.workspace.slug)
