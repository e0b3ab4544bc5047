"""The browser of deploy/topology.py: cookies, forms and JSON over urllib, no redirects
followed (the checks look at them)."""

import html.parser
import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request


class PageFailed(Exception):
    pass


class FormFields(html.parser.HTMLParser):
    """The fields of each form in a page that posts, with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.fields: dict[str, str] | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.fields = {}
            self.forms.append(self.fields)
        elif self.fields is None or not a.get("name"):
            return
        elif tag == "input":
            if a.get("type") not in {"checkbox", "radio", "submit"} or "checked" in a:
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data: str) -> None:
        if self.fields is not None and self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.fields = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its cookies go to both servers (cookies ignore the port)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(
        self,
        url: str,
        data: dict[str, str] | None = None,
        headers: dict | None = None,
        json_body: dict | None = None,
    ) -> tuple[int, str, dict]:
        headers = dict(headers or {})
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def cookie(self, name: str) -> str:
        self.cookies.clear_expired_cookies()
        return next((c.value or "" for c in self.cookies if c.name == name), "")

    def form(self, url: str, having: str) -> dict[str, str]:
        """The fields of the page's form that has a field named `having`."""
        status, page, _headers = self.request(url)
        if status != 200:
            raise PageFailed(f"GET {url} answered {status}")
        parser = FormFields()
        parser.feed(page)
        return next(fields for fields in parser.forms if having in fields)
