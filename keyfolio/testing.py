"""What the tests of every app read from a response, defined once.

The people and the world they work in are fixtures in keyfolio/conftest.py; who may
open which page is keyfolio/tests/test_access_matrix.py.
"""

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keyfolio.accounts.models import Account

# The headers of a request that htmx makes: `client.get(url, headers=HTMX)`.
HTMX = {"HX-Request": "true"}


def form_as_posted(form) -> dict[str, Any]:
    """What a browser posts for `form` left as it was rendered (its version included):
    the values to change go on top, `{**form_as_posted(form), "name": "New"}`."""
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        if field.widget_type == "checkbox":
            if value:
                data[field.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[field.html_name] = getattr(value, "pk", value)
    return data


def conflict_of(response, form_key: str = "form") -> dict[str, tuple[str, str]]:
    """The fields a refused save shows, each with (their version, your version)."""
    form = response.context[form_key]
    return {item["name"]: (item["theirs"], item["yours"]) for item in form.conflict}


def two_edit(
    *, mine, theirs, url: str, stored, their_change: dict, my_change: dict, form_key="form"
) -> tuple[Any, Any]:
    """Two people open the same edit form; `theirs` saves `their_change` (a fresh save),
    then `mine` saves `my_change` over the old version: it must be refused, show both
    versions, change nothing; then `mine` keeps their value of each field they changed
    (`merge-<field>` = theirs) and saves again. Returns `stored()` after their save
    and after the merge, for the test to check."""
    mine_posted = form_as_posted(mine.get(url).context[form_key])
    theirs_posted = form_as_posted(theirs.get(url).context[form_key])
    before = stored()
    theirs.post(url, {**theirs_posted, **their_change})
    after_theirs = stored()
    assert after_theirs != before, "their save (over a fresh version) went through"
    refused = mine.post(url, {**mine_posted, **my_change})
    assert refused.context[form_key].conflict, "a save over a newer version is refused"
    # In the person's language: their other tab may just have changed it.
    said = refused.content.decode()
    assert "Your changes are not saved yet." in said or "Ваши изменения ещё не сохранены." in said
    assert stored() == after_theirs, "a refused save changes nothing"
    merged = form_as_posted(refused.context[form_key])
    merged.update({f"merge-{name}": "theirs" for name in their_change})
    mine.post(url, merged)
    return after_theirs, stored()


def json_block(response, element_id: str) -> Any:
    """The data a page hands its script in `{{ value|json_script:element_id }}`."""
    body = response.content.decode()
    start = body.index(">", body.index(f'id="{element_id}"')) + 1
    return json.loads(body[start : body.index("</script>", start)])


def messages_of(response) -> list[str]:
    """The flash messages the (followed) response shows."""
    return [str(message) for message in response.context["messages"]]


def templates_of(response) -> list[str]:
    """The names of the templates (and partials) the response was rendered from."""
    return [template.name for template in response.templates if template.name]


def is_page(response) -> bool:
    """A whole page (in base.html) rather than a fragment for htmx to swap in."""
    return "base.html" in templates_of(response)


def unnamed_fields(response) -> list[str]:
    """The form fields of a page that a screen reader could not name: neither a
    `<label for>`, nor an enclosing `<label>`, nor aria-label(ledby), nor a title.
    Hidden inputs and buttons are left out. Each is given as its `name`."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.labelled: set[str] = set()
            self.fields: list[dict] = []
            self.in_label = 0

        def handle_starttag(self, tag, attrs):
            attributes = {key: value or "" for key, value in attrs}
            if tag == "label":
                self.in_label += 1
                if attributes.get("for"):
                    self.labelled.add(attributes["for"])
            elif tag in ("input", "select", "textarea"):
                kind = attributes.get("type", "")
                if kind not in ("hidden", "submit", "button", "reset", "image"):
                    self.fields.append({**attributes, "in_label": self.in_label > 0})

        def handle_endtag(self, tag):
            if tag == "label" and self.in_label:
                self.in_label -= 1

    parser = Fields()
    parser.feed(response.content.decode())
    return [
        field.get("name", "?")
        for field in parser.fields
        if not (
            field["in_label"]
            or field.get("id", "") in parser.labelled
            or field.get("aria-label")
            or field.get("aria-labelledby")
            or field.get("title")
        )
    ]


def every_page(slug: str, account: "Account") -> list[str]:
    """The pages of the workspace and of one account (with an assessment and a plan), as
    their paths: the pages the E2E suite checks with axe and the HTML test validates."""
    from django.urls import reverse
    from django.utils import timezone

    from keyfolio.imports.engine import Options
    from keyfolio.imports.services import file_import, file_of, run_upload
    from keyfolio.meetings.services import meeting_plan
    from keyfolio.plans.selectors import current_plan
    from keyfolio.surveys.models import SurveyTemplate
    from keyfolio.webhooks.services import webhook_create, webhook_send_test

    # The wizard's pages need a file: one uploaded, one checked (with a bad row).
    upload = (
        b"Account Name,Account Owner,Website,Notes\n"
        b"Hooli,nobody@example.test,hooli.example,new\n"
        b",Demo Manager,pied-piper.example,no name\n"
    )
    uploaded, checked = (
        run_upload(workspace=account.workspace, kind="accounts", file_name=name, data=upload)
        for name in ("crm-accounts.csv", "crm-accounts-checked.csv")
    )
    file_import(run=checked, file=file_of(checked), options=Options(dry_run=True))
    assessment = account.current_assessment
    plan = current_plan(account)
    assert assessment is not None and plan is not None
    survey_question = SurveyTemplate.objects.current_for(account.workspace).questions.first()
    # A webhook with a message in its log (the worker does not run: it stays pending).
    webhook = webhook_create(
        workspace=account.workspace,
        url="https://hooks.example/keyfolio",
        events=["assessment.created", "opportunity.won"],
        description="CRM",
    )
    webhook_send_test(webhook=webhook)
    assert survey_question is not None and account.owner is not None
    # A meeting held today, so that its page shows the outcome form too.
    meeting = meeting_plan(
        account=account,
        by=account.owner,
        on=timezone.localdate(),
        our_people=[account.owner],
        their_people=account.contacts.filter(active=True)[:2],
        today=timezone.localdate(),
        purpose="Renewal",
    )
    workspace_pages = [
        reverse("workspaces:home"),
        reverse("users:profile"),
        reverse("logins:two_factor"),
        reverse("logins:sessions"),
        reverse("workspaces:members", args=[slug]),
        reverse("accounts:list", args=[slug]),
        reverse("accounts:create", args=[slug]),
        reverse("portfolio:square", args=[slug]),
        reverse("portfolio:movement", args=[slug]),
        reverse("portfolio:satisfaction", args=[slug]),
        reverse("portfolio:calibration", args=[slug]),
        reverse("portfolio:exports", args=[slug]),
        reverse("playbook:attention", args=[slug]),
        reverse("playbook:account_items", args=[slug, account.pk]),
        reverse("playbook:settings", args=[slug]),
        reverse("playbook:recommendations", args=[slug]),
        reverse("assessments:methodology", args=[slug]),
        reverse("plans:questions", args=[slug]),
        reverse("intel:competitors", args=[slug]),
        reverse("revenue:offerings", args=[slug]),
        reverse("surveys:settings", args=[slug]),
        reverse("surveys:audience", args=[slug]) + "?zone=key",
        reverse("surveys:question_add", args=[slug]),
        reverse("surveys:question_edit", args=[slug, survey_question.pk]),
        reverse("surveys:preview", args=[slug]) + "?language=en",
        reverse("surveys:preview", args=[slug]) + "?language=ru",
        reverse("imports:upload", args=[slug]),
        reverse("imports:mapping", args=[slug, uploaded.pk]),
        reverse("imports:run", args=[slug, checked.pk]),
        reverse("imports:runs", args=[slug]),
        reverse("feeds:calendar", args=[slug]),
        reverse("api_tokens:list", args=[slug]),
        reverse("webhooks:list", args=[slug]),
        reverse("webhooks:detail", args=[slug, webhook.pk]),
        reverse("accounts:audit_trail", args=[slug]),
    ]
    pk = account.pk
    account_pages = [
        reverse("dossier:overview", args=[slug, pk]),
        reverse("accounts:edit", args=[slug, pk]),
        reverse("accounts:stage_change", args=[slug, pk]),
        reverse("assessments:create", args=[slug, pk]),
        reverse("assessments:detail", args=[slug, assessment.pk]),
        reverse("activities:timeline", args=[slug, pk]),
        reverse("activities:create", args=[slug, pk]),
        reverse("dossier:plan", args=[slug, pk]),
        reverse("plans:edit", args=[slug, pk, plan.pk]),
        reverse("stakeholders:map", args=[slug, pk]),
        reverse("intel:index", args=[slug, pk]),
        reverse("revenue:index", args=[slug, pk]),
        reverse("revenue:import", args=[slug, pk]),
        reverse("briefs:brief", args=[slug, pk]),
        reverse("meetings:index", args=[slug, pk]),
        reverse("meetings:create", args=[slug, pk]),
        reverse("meetings:detail", args=[slug, pk, meeting.pk]),
        reverse("meetings:edit", args=[slug, pk, meeting.pk]),
        reverse("meetings:outcome", args=[slug, pk, meeting.pk]),
        reverse("surveys:account", args=[slug, pk]),
        reverse("accounts:history", args=[slug, pk]),
    ]
    return workspace_pages + account_pages


def totp_code(key: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now for the hex `key` (or `steps_ahead` periods
    later: a code just used is not accepted twice, the next period's is)."""
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def two_factor_on(user) -> tuple[str, list[str]]:
    """Turn two-factor on for `user` as the set-up page does; returns the authenticator's
    hex key and the recovery codes."""
    from django.contrib.sessions.backends.db import SessionStore

    from keyfolio.logins.two_factor import ENROL_KEY, enrolment_for, two_factor_enable

    session = SessionStore()
    enrolment_for(user, session)
    key = session[ENROL_KEY]
    codes = two_factor_enable(user=user, session=session, code=totp_code(key))
    assert codes is not None
    return key, codes
