"""The log-in's second step, the two-factor settings and the session list."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from keyfolio.logins import sessions, two_factor
from keyfolio.logins.forms import CodeForm
from keyfolio.logins.pending import (
    pending_login,
    pending_login_cancel,
    pending_login_finish,
)

# The recovery codes just made are shown once, on the page the POST redirects to.
NEW_CODES_KEY = "_logins_new_codes"
CODE_HELP = gettext_lazy(
    "The six digits your authenticator app shows, or one of your recovery codes."
)


def login_code(request):
    """The log-in's second step: the password was right, now the code."""
    pending = pending_login(request)
    if pending is None:
        return redirect("users:login")
    # Wrong codes count towards the same lock-out as wrong passwords (django-axes).
    credentials = {"username": pending.user.get_username()}  # type: ignore[attr-defined]
    if not AxesProxyHandler.is_allowed(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None, help_text=CODE_HELP)
    if request.method == "POST" and form.is_valid():
        check = two_factor.two_factor_verify(user=pending.user, code=form.cleaned_data["code"])
        if check.device is not None:
            pending_login_finish(request, pending)
            if check.used_recovery_code:
                _warn_recovery_code_used(request, pending.user)
            return redirect(pending.next_url)
        user_login_failed.send(__name__, credentials=credentials, request=request)
        form.add_error("code", _wrong_code_message(check))
    return render(request, "logins/code.html", {"form": form, "email": credentials["username"]})


def _wrong_code_message(check: two_factor.CodeCheck) -> str:
    if check.wait_until is not None:
        now = timezone.now()
        return _("Too many wrong codes. Try again in %(wait)s.") % {
            "wait": timeuntil(max(check.wait_until, now), now, depth=1)
        }
    return _("This code is not right. Check the time on your phone, or use a recovery code.")


def _warn_recovery_code_used(request, user) -> None:
    left = two_factor.recovery_codes_left(user)
    messages.warning(
        request,
        _(
            "You logged in with a recovery code, which now stops working. "
            "Recovery codes left: %(left)d."
        )
        % {"left": left},
    )


@require_POST
def login_code_cancel(request):
    pending_login_cancel(request)
    return redirect("users:login")


@login_required
def two_factor_settings(request):
    """Set up two-factor (scan, confirm with a code), or see that it is on: new recovery
    codes and turning it off have their forms there."""
    context = {"new_codes": request.session.pop(NEW_CODES_KEY, None)}
    if two_factor.has_two_factor(request.user):
        context |= {"enabled": True, "codes_left": two_factor.recovery_codes_left(request.user)}
    else:
        context |= {
            "enrolment": two_factor.enrolment_for(request.user, request.session),
            "form": CodeForm(label=_("Code from the app")),
        }
    return render(request, "logins/two_factor.html", context)


@login_required
@require_POST
def two_factor_enable(request):
    form = CodeForm(request.POST, label=_("Code from the app"))
    codes = None
    if form.is_valid():
        code = form.cleaned_data["code"]
        codes = two_factor.two_factor_enable(user=request.user, session=request.session, code=code)
    if codes is None:
        messages.error(
            request,
            _("That code did not match. Scan the QR code again and type the code shown now."),
        )
        return redirect("logins:two_factor")
    request.session[NEW_CODES_KEY] = codes
    messages.success(request, _("Two-factor authentication is on."))
    return redirect("logins:two_factor")


@login_required
@require_POST
def two_factor_disable(request):
    """Turn two-factor off, with a code as proof that it is really the person."""
    if not _code_is_right(request):
        return redirect("logins:two_factor")
    two_factor.two_factor_disable(user=request.user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("logins:two_factor")


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes, shown once; the old ones stop working."""
    if not two_factor.has_two_factor(request.user):
        return redirect("logins:two_factor")
    if not _code_is_right(request):
        return redirect("logins:two_factor")
    request.session[NEW_CODES_KEY] = two_factor.recovery_codes_replace(user=request.user)
    messages.success(request, _("Here are your new recovery codes; the old ones stop working."))
    return redirect("logins:two_factor")


def _code_is_right(request) -> bool:
    form = CodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        check = two_factor.two_factor_verify(user=request.user, code=code)
        if check.device is not None:
            return True
        messages.error(request, _wrong_code_message(check))
    else:
        messages.error(request, _("Type a code from your authenticator app."))
    return False


@login_required
def session_list(request):
    rows = sessions.sessions_of(request.user)
    current = request.session.session_key
    others = sum(row.session_key != current for row in rows)
    return render(
        request, "logins/sessions.html", {"rows": rows, "current": current, "others": others}
    )


@login_required
def session_end(request, pk: int):
    # Someone else's session is a 404 whatever the method, as if it did not exist.
    session = sessions.get_session_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sessions.session_end(session=session)
    if session.session_key == request.session.session_key:
        return redirect("users:login")
    messages.success(request, _("That session is ended: the browser is logged out."))
    return redirect("logins:sessions")


@login_required
@require_POST
def sessions_end_others(request):
    ended = sessions.sessions_end_others(user=request.user, keep=request.session.session_key)
    text = ngettext(
        "You are logged out everywhere else (%(count)d session ended).",
        "You are logged out everywhere else (%(count)d sessions ended).",
        ended,
    )
    messages.success(request, text % {"count": ended})
    return redirect("logins:sessions")
