from django.utils import translation


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
