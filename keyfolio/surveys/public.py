"""The public survey page: no login, the link's token is the only key.

What it must never do is tell anything to someone holding a wrong link. An invalid,
expired, answered (or bounced) link, and one that was never ours, all get the same
page with the same status and the same bytes (`_unavailable`), rendered in the
visitor's own language, not the contact's, and before anything of the invitation is
read into it. Answering is rate-limited per token and per address (the cache), counted
before the token is looked up, so that the limit too is the same for every token.

The page is light (one small stylesheet, no script, no web fonts, nothing from another
site), keeps the site's strict CSP, and is neither cached nor indexed.
"""

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from keyfolio.core.ratelimit import hit
from keyfolio.core.tokens import is_well_formed, token_hash
from keyfolio.surveys.forms import AnswerForm
from keyfolio.surveys.models import Invitation
from keyfolio.surveys.services import contact_opt_out, invitation_opened, survey_answer
from keyfolio.users.lockout import client_ip

UNAVAILABLE_STATUS = 404


def _headers(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the URL: no other site may learn it. Django's "same-origin" does
    # that; "no-referrer" would make the browser post `Origin: null`, which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _unavailable(request: HttpRequest) -> HttpResponse:
    """The one page for every link that cannot be answered."""
    response = render(request, "surveys/public/unavailable.html", status=UNAVAILABLE_STATUS)
    return _headers(response)


def unavailable(request: HttpRequest) -> HttpResponse:
    return _unavailable(request)


def _too_many(request: HttpRequest) -> HttpResponse:
    return _headers(render(request, "surveys/public/too_many.html", status=429))


def rate_limited(request: HttpRequest, hashed: str, action: str) -> bool:
    by_token = hit(f"survey-{action}:token:{hashed}", settings.SURVEY_POSTS_PER_TOKEN_HOUR)
    by_address = hit(f"survey-{action}:ip:{client_ip(request)}", settings.SURVEY_POSTS_PER_IP_HOUR)
    return by_token or by_address


def _invitation(hashed: str, *, open_only: bool = True) -> Invitation | None:
    """The invitation whose first or reminder link has this hash; with `open_only`, only
    while it may be answered."""
    invitation = (
        Invitation.objects.select_related("workspace", "template")
        .filter(Q(token_hash=hashed) | Q(reminder_token_hash=hashed))
        .first()
    )
    if invitation is None or (open_only and (not invitation.is_open() or invitation.bounced_at)):
        return None
    return invitation


def _hashed(token: str) -> str | None:
    return token_hash(token) if is_well_formed(token) else None


@never_cache
@csrf_protect
def answer(request: HttpRequest, survey_token: str) -> HttpResponse:
    hashed = _hashed(survey_token)
    if request.method == "POST" and rate_limited(request, hashed or "malformed", "answer"):
        return _too_many(request)
    invitation = _invitation(hashed) if hashed else None
    if invitation is None:
        return _unavailable(request)
    language = invitation.language
    with translation.override(language):
        questions = list(invitation.template.questions.all())
        form = AnswerForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            language=language,
        )
        if request.method == "POST" and form.is_valid():
            if not survey_answer(invitation=invitation, questions=questions, values=form.values()):
                return _unavailable(request)
            return _headers(render(request, "surveys/public/thanks.html", {"language": language}))
        if request.method == "GET":
            invitation_opened(invitation)
        context = {
            "form": form,
            "language": language,
            "title": invitation.template.name_in(language),
            "intro": invitation.template.intro_in(language),
            "workspace_name": invitation.workspace.name,
        }
        return _headers(render(request, "surveys/public/answer.html", context))


@never_cache
@csrf_protect
def opt_out(request: HttpRequest, survey_token: str) -> HttpResponse:
    """ "No more surveys": a GET asks (mail scanners open links), a POST does it. Either
    answers the same whatever the link, so that it tells nothing either."""
    if request.method != "POST":
        return _headers(render(request, "surveys/public/opt_out.html", {"done": False}))
    hashed = _hashed(survey_token)
    if rate_limited(request, hashed or "malformed", "opt-out"):
        return _too_many(request)
    invitation = _invitation(hashed, open_only=False) if hashed else None
    if invitation is not None:
        contact_opt_out(invitation)
    return _headers(render(request, "surveys/public/opt_out.html", {"done": True}))
