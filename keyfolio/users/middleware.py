from django.utils import translation

from keyfolio.audit.context import Via, acting
from keyfolio.users.lockout import client_ip


class UserLanguageMiddleware:
    """Serve a logged-in person in the language chosen in their profile.

    Django's LocaleMiddleware has already picked a language from the cookie or the
    browser; a person's own choice overrides it so that the UI, e-mails and PDFs
    agree. Anonymous visitors keep what LocaleMiddleware chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class AuditContextMiddleware:
    """Record the changes a request makes as the logged-in person's, from the web and
    their address (the API's token check then narrows it to the token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(via=Via.WEB, user=lambda: request.user, ip=client_ip(request), source=""):
            return self.get_response(request)
