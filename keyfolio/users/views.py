from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.core.versions import atomic_post, lock
from keyfolio.logins.pending import pending_login_start
from keyfolio.logins.sessions import sessions_end_others, sessions_of
from keyfolio.logins.two_factor import has_two_factor
from keyfolio.users.forms import LoginForm, NewPasswordForm, PasswordForm, ProfileForm
from keyfolio.users.models import Language


class LoginView(auth_views.LoginView):
    """The password; for a person with two-factor on, the code follows on its own page."""

    template_name = "users/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if has_two_factor(user):
            pending_login_start(self.request, user=user, next_url=self.get_success_url())
            return redirect("logins:code")
        return super().form_valid(form)


@require_POST
def set_language(request):
    """Switch the UI language; for a logged-in person it is remembered in the profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in Language.values:
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@login_required
@atomic_post
def profile(request):
    # The same person in two tabs (or the language switch in another) is a version too.
    form = ProfileForm(request.POST or None, instance=lock(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return HttpResponseRedirect(request.path)
    return _render_profile(request, form, PasswordForm(request.user))


@login_required
@require_POST
def password_change(request):
    """Change one's own password; the profile page shows the form and its errors."""
    form = PasswordForm(request.user, request.POST, request=request)
    if form.is_valid():
        form.save()
        # Changing the password ends every other session but keeps this one.
        update_session_auth_hash(request, form.user)
        sessions_end_others(user=form.user, keep=request.session.session_key)
        messages.success(request, _("Your password is changed."))
        return redirect("users:profile")
    return _render_profile(request, ProfileForm(instance=request.user), form)


def _render_profile(request, profile_form, password_form):
    context = {
        "form": profile_form,
        "password_form": password_form,
        "two_factor_on": has_two_factor(request.user),
        "session_count": len(sessions_of(request.user)),
    }
    return render(request, "users/profile.html", context)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation (or a reset): choose a password, and be in."""

    template_name = "users/password_set.html"
    form_class = NewPasswordForm
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("workspaces:home")

    def form_valid(self, form):
        # A new password logs the person out everywhere else. With two-factor on, the
        # link alone does not log them in: the log-in page asks for the code too.
        sessions_end_others(user=form.user, keep=None)
        if has_two_factor(form.user):
            self.post_reset_login = False
            self.success_url = reverse_lazy("users:login")
            messages.success(self.request, _("Your password is set. Log in with it and your code."))
            return super().form_valid(form)
        messages.success(self.request, _("Your password is set. Welcome to Keyfolio!"))
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows instead of the login page (or the password form) after too
    many failures: which lock it is, and for how long."""
    cool_off = get_cool_off(request)
    now = timezone.now()
    handler = AxesProxyHandler.get_implementation()
    # The lock of one e-mail from this address, unless only the whole address is locked.
    by_email = handler.get_failures(request, credentials) >= get_failure_limit(request, credentials)
    context = {
        "by_address": not by_email,
        "failure_limit": (
            get_failure_limit(request, credentials) if by_email else settings.AXES_IP_FAILURE_LIMIT
        ),
        "changing_password": getattr(request.resolver_match, "view_name", "")
        == "users:password_change",
        # "1 hour", in the visitor's language; None when the lock-out is permanent.
        "retry_in": timeuntil(now + cool_off, now) if cool_off else None,
    }
    return render(
        request, "users/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
