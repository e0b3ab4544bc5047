"""The two addresses of single sign-on: the way out to the provider and the way back.

Both are mozilla-django-oidc's views with Keyfolio's endpoints and words. When single
sign-on is off they do not exist (404). A sign-in that fails comes back to the login
page with a message that says why.
"""

import logging

import requests
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views

from keyfolio.sso import config
from keyfolio.sso.backends import REFUSAL, get_settings

log = logging.getLogger(__name__)


class SsoOnly:
    """404 while single sign-on is off; the login page if the provider cannot be reached."""

    def dispatch(self, request, *args, **kwargs):
        if not config.enabled():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except requests.RequestException:
            log.exception("Single sign-on: the provider could not be reached.")
            messages.error(
                request,
                _(
                    "The sign-in service could not be reached. Try again later, or log in "
                    "with your password."
                ),
            )
            return HttpResponseRedirect(resolve_url("users:login"))


class LoginView(SsoOnly, oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(get_settings)

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoints when it is made, before dispatch; they may need
        # the provider's discovery document, so get() reads them, where dispatch answers
        # a provider that cannot be reached.
        oidc_views.View.__init__(self, *args, **kwargs)

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(SsoOnly, oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(get_settings)

    @property
    def failure_url(self):
        return resolve_url("users:login")

    def login_failure(self):
        refusal = getattr(self.request, REFUSAL, None)
        messages.error(
            self.request,
            refusal
            or _("Single sign-on did not complete. Try again, or log in with your password."),
        )
        return super().login_failure()
