from keyfolio.logins.sessions import session_touch


class SessionActivityMiddleware:
    """Keep "last active" of the person's session list current (at most every few
    minutes: see keyfolio/logins/sessions.py).

    It looks only at requests that used the session, after the view, so that a log-in
    or a log-out within the request is already done; and only at those that succeeded,
    so that a refused request (403, 404, 405) writes nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and response.status_code < 400:
            session_touch(request)
        return response
