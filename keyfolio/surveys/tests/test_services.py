"""The default survey, its versions, the bulk satisfaction read and the CLI."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.surveys.models import Invitation, QuestionKind, SurveyTemplate
from keyfolio.surveys.selectors import satisfaction_by_account
from keyfolio.surveys.services import (
    QuestionDraft,
    question_draft_of,
    survey_template_revise,
)
from keyfolio.surveys.tests.conftest import link_in, make_contact
from keyfolio.surveys.tests.test_views import answered


def test_every_workspace_gets_the_relationship_survey(world):
    template = SurveyTemplate.objects.current_for(world.other_workspace)
    kinds = [q.kind for q in template.questions.all()]
    assert (template.version, kinds) == (1, ["nps", "csat", "text"])
    assert template.questions.get(kind="text").text_in("ru") == "Что нам стоит делать лучше?"
    assert world.other_workspace.survey_settings.quiet_days == 90


def _with_extra_question(template):
    drafts = [question_draft_of(q) for q in template.questions.all()]
    extra = QuestionDraft(
        kind=QuestionKind.SINGLE,
        text_en="How often do we meet?",
        text_ru="Как часто мы встречаемся?",
        choices_en="Too often\nJust right\nToo rarely",
        position=9,
    )
    return [*drafts, extra]


def test_editing_a_sent_template_makes_a_new_version(world, anna):
    first = SurveyTemplate.objects.current_for(world.workspace)
    revised = survey_template_revise(
        template=first,
        user=world.admin,
        name_en="R",
        name_ru="Р",
        questions=_with_extra_question(first),
    )
    assert revised.pk == first.pk  # never sent: edited in place
    invitation = answered(world.account, anna)
    second = survey_template_revise(
        template=revised,
        user=world.admin,
        name_en="R2",
        name_ru="Р2",
        questions=[question_draft_of(q) for q in revised.questions.all()][:2],
    )
    assert second.version == 2 and second.questions.count() == 2
    invitation.refresh_from_db()
    assert invitation.template == revised and revised.questions.count() == 4
    assert SurveyTemplate.objects.current_for(world.workspace) == second


def test_a_choice_question_needs_two_choices(world):
    template = SurveyTemplate.objects.current_for(world.workspace)
    drafts = [QuestionDraft(kind=QuestionKind.SINGLE, text_en="Pick", text_ru="", choices_en="One")]
    with pytest.raises(Exception, match="at least two choices"):
        survey_template_revise(
            template=template, user=None, name_en="x", name_ru="", questions=drafts
        )


def test_satisfaction_of_many_accounts_is_one_query(world, anna):
    accounts = [world.account]
    for n in range(15):
        account = Account.objects.create(
            workspace=world.workspace, name=f"A{n}", owner=world.manager
        )
        contact = make_contact(account, f"C{n}", f"c{n}@a.test")
        answered(account, contact, nps=n % 11, comment=f"c{n}")
        accounts.append(account)
    answered(world.account, anna, nps=2, comment="late deliveries")
    with CaptureQueriesContext(connection) as queries:
        figures = satisfaction_by_account(accounts)
    assert len(queries) == 1
    assert figures[world.account.pk].nps == -100
    assert figures[world.account.pk].latest_comment.text == "late deliveries"
    never = Account.objects.create(workspace=world.workspace, name="Never", owner=world.manager)
    assert satisfaction_by_account([never])[never.pk].responses == 0


def test_the_cli_sends_and_prints_results(world, outbox, anna):
    out = StringIO()
    call_command(
        "survey",
        "send",
        "--account",
        "northwind",
        "--to",
        "ANNA@northwind.test",
        "--lang",
        "ru",
        "--workspace",
        "acme",
        stdout=out,
    )
    assert "Sent the survey to Anna Petrova" in out.getvalue()
    [message] = outbox
    assert message.extra_headers["Content-Language"] == "ru" and link_in(message)
    invitation = Invitation.objects.get()
    assert invitation.sent_at is not None and invitation.sent_by is None
    with pytest.raises(CommandError, match="within the quiet period"):
        call_command(
            "survey",
            "send",
            "--account",
            "Northwind",
            "--to",
            "anna@northwind.test",
            "--workspace",
            "acme",
        )
    with pytest.raises(CommandError, match="is not a contact"):
        call_command(
            "survey", "send", "--account", "Northwind", "--to", "x@y.test", "--workspace", "acme"
        )

    answered(world.account, make_contact(world.account, "Bo", "bo@n.test"), nps=10, csat=5)
    out = StringIO()
    call_command(
        "survey",
        "results",
        "--account",
        "Northwind",
        "--format",
        "json",
        "--workspace",
        "acme",
        stdout=out,
    )
    record = json.loads(out.getvalue())
    assert list(record) == ["account", "responses", "nps", "csat", "response_rate", "last_answered"]
    assert record["account"] == "Northwind" and record["responses"] == 1
    assert (record["nps"], record["csat"], record["response_rate"]) == (100, 100, 50)
