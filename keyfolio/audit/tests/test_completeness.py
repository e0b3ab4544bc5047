"""The audit trail is complete: a change to every audited model through its service
records who made it, from where, and each changed field's old and new value."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from keyfolio.accounts.services import account_update
from keyfolio.accounts.stages import stage_change
from keyfolio.activities.services import activity_create
from keyfolio.api.models import ApiToken
from keyfolio.api.services import api_token_create, api_token_revoke
from keyfolio.assessments.models import Methodology
from keyfolio.assessments.services import (
    ScoreInput,
    assessment_create,
    assessment_update,
    criterion_draft_of,
    methodology_revise,
)
from keyfolio.audit.context import Via, acting
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import REGISTRY
from keyfolio.intel.services import (
    competitor_create,
    competitor_presence_create,
    intel_note_create,
)
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.plans.models import PlanQuestion
from keyfolio.plans.services import (
    action_create,
    answer_save,
    objective_save,
    plan_create,
    plan_update,
    question_save,
    risk_save,
)
from keyfolio.playbook.catalog import playbook_settings_for
from keyfolio.playbook.services import (
    check_snooze,
    check_unsnooze,
    playbook_settings_update,
    recommendation_create,
    recommendation_update,
)
from keyfolio.revenue.services import (
    buying_centre_create,
    buying_centre_rename,
    offering_create,
    offering_move,
    opportunity_create,
    opportunity_update,
    revenue_entry_set,
    revenue_target_set,
    whitespace_cell_set,
)
from keyfolio.stakeholders.services import contact_create, contact_update, relationship_create
from keyfolio.surveys.models import SurveyTemplate
from keyfolio.surveys.services import (
    contact_opt_out,
    drafts_with,
    survey_questions_revise,
    survey_settings_for,
    survey_template_revise,
    template_drafts,
)
from keyfolio.surveys.tests.factories import unanswered_survey
from keyfolio.users.models import User
from keyfolio.webhooks.services import webhook_create, webhook_update
from keyfolio.workspaces.models import Membership, Role
from keyfolio.workspaces.services import membership_change_role, workspace_create

SCORES = {spec.key: ScoreInput(3) for spec in DEFAULT_CRITERIA}


def _plan(world):
    return plan_create(account=world.account, title="FY 2027", created_by=world.owner)


def change_account(world):
    account_update(account=world.account, segment="Retail")
    return world.account, "segment", "", "Retail"


def change_stage(world):
    stage_change(account=world.account, stage="basic", changed_on=date.today(), by=world.owner)
    return world.account, "stage", "", "basic"


def change_workspace(world):
    workspace = workspace_create(name="Initech", owner=world.owner)
    return workspace, "name", None, "Initech"


def change_membership(world):
    membership = Membership.objects.get(workspace=world.workspace, user=world.director)
    by = Membership.objects.get(workspace=world.workspace, user=world.owner)
    membership_change_role(membership=membership, role=Role.ADMIN, by=by)
    return membership, "role", "director", "admin"


def change_methodology(world):
    current = Methodology.objects.current_for(world.workspace)
    revised = methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=[criterion_draft_of(c) for c in current.active_criteria()],
        threshold_client=3.5,
        threshold_our=3.0,
    )
    return revised, "threshold_client", None, 3.5


def change_criterion(world):
    current = Methodology.objects.current_for(world.workspace)
    drafts = [criterion_draft_of(c) for c in current.active_criteria()]
    revised = methodology_revise(
        workspace=world.workspace,
        user=world.owner,
        criteria=drafts,
        threshold_client=3,
        threshold_our=3,
    )
    criterion = revised.criteria.get(key=drafts[0].key)
    return criterion, "key", None, drafts[0].key


def change_assessment(world):
    assessment = assessment_create(account=world.account, assessor=world.manager, scores=SCORES)
    assessment_update(
        assessment=assessment, scores=SCORES, assessed_on=assessment.assessed_on, note="Checked"
    )
    return assessment, "note", "", "Checked"


def change_scores(world):
    assessment = assessment_create(account=world.account, assessor=world.manager, scores=SCORES)
    key = DEFAULT_CRITERIA[0].key
    assessment_update(
        assessment=assessment,
        scores=SCORES | {key: ScoreInput(5)},
        assessed_on=assessment.assessed_on,
    )
    event = AuditEvent.objects.filter(model="assessments.Score").latest("pk")
    assert event.object_id == assessment.pk
    return assessment, key, 3, 5


def change_plan(world):
    plan = _plan(world)
    plan_update(
        plan=plan,
        title="FY 2027 v2",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        status=plan.status,
        agreed_with_client=False,
    )
    return plan, "title", "FY 2027", "FY 2027 v2"


def change_answer(world):
    plan = _plan(world)
    question = PlanQuestion.objects.filter(workspace=world.workspace).first()
    answer_save(plan=plan, question=question, text="Grow", by=world.owner)
    answer = answer_save(plan=plan, question=question, text="Grow more", by=world.owner)
    return answer, "text", "Grow", "Grow more"


def change_objective(world):
    plan = _plan(world)
    objective = objective_save(plan=plan, title="Win")
    objective_save(plan=plan, objective=objective, title="Win big")
    return objective, "title", "Win", "Win big"


def change_action(world):
    action = action_create(account=world.account, title="Call")
    return action, "title", None, "Call"


def change_risk(world):
    plan = _plan(world)
    risk = risk_save(plan=plan, description="Churn", likelihood=2, impact=3)
    risk_save(plan=plan, risk=risk, description="Churn", likelihood=4, impact=3)
    return risk, "likelihood", 2, 4


def change_question(world):
    question = PlanQuestion.objects.filter(workspace=world.workspace).first()
    old = question.text_en
    question_save(
        question=question,
        text_en="Why us?",
        text_ru=question.text_ru,
        position=question.position,
        active=True,
    )
    return question, "text_en", old, "Why us?"


def change_contact(world):
    contact = contact_create(account=world.account, name="Ann")
    contact_update(contact=contact, title="CEO")
    return contact, "title", "", "CEO"


def change_relationship(world):
    contact = contact_create(account=world.account, name="Ann")
    relationship = relationship_create(contact=contact, user=world.manager, strength=4)
    return relationship, "strength", None, 4


def change_intel(world):
    note = intel_note_create(account=world.account, by=world.owner, kind="goals", title="Merger")
    return note, "title", None, "Merger"


def change_competitor(world):
    competitor = competitor_create(workspace=world.workspace, name="Rival")
    return competitor, "name", None, "Rival"


def change_presence(world):
    presence = competitor_presence_create(
        account=world.account, by=world.owner, new_name="Rival", estimated_share=30
    )
    return presence, "estimated_share", None, 30


def change_revenue(world):
    month = date(2026, 1, 1)
    revenue_entry_set(account=world.account, month=month, amount=Decimal("100"))
    entry = revenue_entry_set(account=world.account, month=month, amount=Decimal("150"))
    return entry, "amount", "100", "150"


def change_target(world):
    target = revenue_target_set(account=world.account, year=2027, amount=Decimal("1000"))
    return target, "amount", None, "1000"


def change_opportunity(world):
    opportunity = opportunity_create(
        account=world.account,
        name="Renewal",
        amount=Decimal("500"),
        probability=50,
        expected_close=date(2027, 3, 1),
    )
    opportunity_update(opportunity=opportunity, probability=70)
    return opportunity, "probability", 50, 70


def change_offering(world):
    offering = offering_create(workspace=world.workspace, name="Support")
    return offering, "name", None, "Support"


def change_activity(world):
    activity = activity_create(
        account=world.account,
        by=world.manager,
        kind="meeting",
        occurred_on=date(2026, 11, 2),
        our_people=[world.manager],
        summary="Kick-off",
    )
    return activity, "summary", None, "Kick-off"


def change_playbook_settings(world):
    settings = playbook_settings_for(world.workspace)
    old = settings.warning_days
    playbook_settings_update(
        settings=settings,
        executive_contact_days=settings.executive_contact_days,
        strategy_review_days=settings.strategy_review_days,
        satisfaction_days=settings.satisfaction_days,
        intelligence_days=settings.intelligence_days,
        assessment_days=settings.assessment_days,
        warning_days=old + 1,
    )
    return settings, "warning_days", old, old + 1


def change_survey_settings(world):
    settings = survey_settings_for(world.workspace)
    old = settings.quiet_days
    settings.quiet_days = old + 1
    settings.save()  # What its settings form does.
    return settings, "quiet_days", old, old + 1


def change_api_token(world):
    membership = Membership.objects.get(workspace=world.workspace, user=world.manager)
    api_token_create(membership=membership, name="CRM sync")
    token = ApiToken.objects.get(workspace=world.workspace, name="CRM sync")
    api_token_revoke(token=token)
    event = AuditEvent.objects.filter(model="api.ApiToken").latest("pk")
    assert event.changes["revoked_at"][0] is None and "token_hash" not in event.changes
    return token, "revoked_at", None, token.revoked_at.isoformat()


def change_webhook(world):
    hook = webhook_create(
        workspace=world.workspace, url="https://crm.example.com/hooks", events=["opportunity.won"]
    )
    webhook_update(
        webhook=hook,
        url=hook.url,
        events=hook.events,
        description="CRM",
        allow_private=False,
        active=True,
    )
    event = AuditEvent.objects.filter(model="webhooks.Webhook").earliest("pk")
    assert event.action == "create" and "secret" not in event.changes
    return hook, "description", "", "CRM"


def change_snooze(world):
    snooze = check_snooze(
        account=world.account,
        check_key="intelligence",
        until=date.today() + timedelta(days=10),
        reason="Waiting for the tender",
        by=world.owner,
        today=date.today(),
    )
    check_unsnooze(account=world.account, check_key="intelligence")
    event = AuditEvent.objects.filter(model="playbook.CheckSnooze").latest("pk")
    assert (event.action, event.account_id) == ("delete", world.account.pk)
    return snooze, "reason", "Waiting for the tender", None


def change_recommendation(world):
    suggestion = recommendation_create(
        workspace=world.workspace,
        text_en="Call the CFO",
        text_ru="Позвонить финдиректору",
        check_key="intelligence",
    )
    recommendation_update(
        recommendation=suggestion,
        text_en="Call the CFO",
        text_ru="Позвонить финдиректору",
        position=0,
        active=False,
    )
    return suggestion, "active", True, False


def change_survey_template(world):
    template = SurveyTemplate.objects.current_for(world.workspace)
    old = template.name_en
    survey_template_revise(
        template=template,
        user=world.owner,
        name_en="Our survey",
        name_ru=template.name_ru,
        intro_en=template.intro_en,
        intro_ru=template.intro_ru,
        questions=template_drafts(template),
    )
    return template, "name_en", old, "Our survey"


def change_survey_question(world):
    template = SurveyTemplate.objects.current_for(world.workspace)
    drafts = template_drafts(template)
    old = drafts[0].text_en
    changed = drafts_with(drafts, replace(drafts[0], text_en="Would you recommend us?"), at=0)
    survey_questions_revise(template=template, user=world.owner, questions=changed)
    question = template.questions.get(position=0)
    # Only the question that changed is in the trail.
    events = AuditEvent.objects.filter(model="surveys.Question").order_by("-pk")
    assert events[0].changes == {"text_en": [old, "Would you recommend us?"]}
    return question, "text_en", old, "Would you recommend us?"


def change_buying_centre(world):
    centre = buying_centre_create(account=world.account, name="Lyon plant")
    buying_centre_rename(centre=centre, name="Lyon works")
    return centre, "name", "Lyon plant", "Lyon works"


def change_whitespace_cell(world):
    centre = buying_centre_create(account=world.account, name="Lyon plant")
    offering = offering_create(workspace=world.workspace, name="Support")
    whitespace_cell_set(centre=centre, offering=offering, status="potential")
    cell = whitespace_cell_set(centre=centre, offering=offering, status="won", value=Decimal(9))
    event = AuditEvent.objects.filter(model="revenue.WhitespaceCell").latest("pk")
    assert (event.account_id, event.object_repr) == (world.account.pk, "Lyon plant × Support")
    return cell, "status", "potential", "won"


def change_profile(world):
    user = User.objects.get(pk=world.owner.pk)
    user.full_name = "Olga Owner-Smith"
    user.set_password("a-new-long-password")
    user.save()
    event = AuditEvent.objects.filter(model="users.User", object_id=user.pk).latest("pk")
    assert set(event.changes) == {"full_name"}  # Not the password's hash.
    # The person's every workspace has the change in its trail.
    assert set(
        AuditEvent.objects.filter(model="users.User", object_id=user.pk).values_list(
            "workspace_id", flat=True
        )
    ) == set(world.owner.memberships.values_list("workspace_id", flat=True))
    return user, "full_name", "Olga Owner", "Olga Owner-Smith"


CHANGES = [
    change_survey_template,
    change_survey_question,
    change_buying_centre,
    change_whitespace_cell,
    change_profile,
    change_webhook,
    change_snooze,
    change_recommendation,
    change_api_token,
    change_account,
    change_stage,
    change_workspace,
    change_membership,
    change_methodology,
    change_criterion,
    change_assessment,
    change_scores,
    change_plan,
    change_answer,
    change_objective,
    change_action,
    change_risk,
    change_question,
    change_contact,
    change_relationship,
    change_intel,
    change_competitor,
    change_presence,
    change_revenue,
    change_target,
    change_opportunity,
    change_offering,
    change_activity,
    change_playbook_settings,
    change_survey_settings,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_it_records_a_change_through_the_service(world, change):
    with acting(via=Via.WEB, user=world.owner, ip="203.0.113.7"):
        record, field, old, new = change(world)
    model = "assessments.Score" if change is change_scores else record._meta.label
    event = AuditEvent.objects.filter(model=model, object_id=record.pk).latest("pk")
    assert event.changes[field] == [old, new]
    assert event.actor == world.owner
    assert event.actor_label == "Olga Owner <olga@acme.test>"
    assert (event.via, event.ip) == ("web", "203.0.113.7")
    assert event.workspace_id == (record.pk if change is change_workspace else world.workspace.pk)


def test_every_audited_model_has_a_change_above():
    """A model registered for the audit without a case here fails this test."""
    covered = set()
    for change in CHANGES:
        covered.add(change.__name__)
    audited = {model._meta.label for model in REGISTRY}
    expected = {
        "workspaces.Workspace": change_workspace,
        "workspaces.Membership": change_membership,
        "accounts.Account": change_account,
        "assessments.Methodology": change_methodology,
        "assessments.Criterion": change_criterion,
        "assessments.Assessment": change_assessment,
        "plans.PlanQuestion": change_question,
        "plans.AccountPlan": change_plan,
        "plans.PlanAnswer": change_answer,
        "plans.Objective": change_objective,
        "plans.Action": change_action,
        "plans.Risk": change_risk,
        "stakeholders.Contact": change_contact,
        "stakeholders.ContactRelationship": change_relationship,
        "intel.IntelNote": change_intel,
        "intel.Competitor": change_competitor,
        "intel.CompetitorPresence": change_presence,
        "revenue.RevenueEntry": change_revenue,
        "revenue.RevenueTarget": change_target,
        "revenue.Opportunity": change_opportunity,
        "revenue.Offering": change_offering,
        "activities.Activity": change_activity,
        "playbook.PlaybookSettings": change_playbook_settings,
        "surveys.SurveySettings": change_survey_settings,
        "api.ApiToken": change_api_token,
        "webhooks.Webhook": change_webhook,
        "playbook.CheckSnooze": change_snooze,
        "playbook.Recommendation": change_recommendation,
        "surveys.SurveyTemplate": change_survey_template,
        "surveys.Question": change_survey_question,
        "revenue.BuyingCentre": change_buying_centre,
        "revenue.WhitespaceCell": change_whitespace_cell,
        "users.User": change_profile,
    }
    assert audited == set(expected)
    assert all(change in CHANGES for change in expected.values())


def test_a_change_outside_any_request_is_the_systems(world):
    account_update(account=world.account, segment="Retail")
    event = AuditEvent.objects.filter(model="accounts.Account").latest("pk")
    assert (event.via, event.actor, event.actor_label, event.ip) == ("system", None, "", None)


def test_an_unchanged_save_records_nothing(world):
    before = AuditEvent.objects.count()
    world.account.save()
    assert AuditEvent.objects.count() == before


def test_a_deleted_accounts_history_keeps_its_name(world):
    account_id = world.account.pk
    world.account.delete()
    event = AuditEvent.objects.filter(account_id=account_id).latest("pk")
    assert (event.action, event.object_repr) == ("delete", "Northwind")
    # What went with it (its contacts...) is implied, not recorded one by one.
    assert (
        not AuditEvent.objects.filter(account_id=account_id, action="delete")
        .exclude(model="accounts.Account")
        .exists()
    )


def test_archiving_is_its_own_action(world):
    world.account.archive()
    world.account.restore()
    actions = list(
        AuditEvent.objects.filter(model="accounts.Account", object_id=world.account.pk)
        .order_by("-pk")
        .values_list("action", flat=True)[:2]
    )
    assert actions == ["restore", "archive"]


def test_a_profile_change_is_in_the_trail_of_each_of_the_persons_workspaces(world):
    Membership.objects.create(workspace=world.other_workspace, user=world.manager, role="manager")
    user = User.objects.get(pk=world.manager.pk)
    user.last_login = timezone.now()  # Noise, not a change anyone made.
    user.save()
    assert not AuditEvent.objects.filter(model="users.User").exists()
    user.language = "ru"
    user.save(update_fields=["language"])
    events = AuditEvent.objects.filter(model="users.User", object_id=user.pk)
    assert sorted(events.values_list("workspace_id", flat=True)) == sorted(
        [world.workspace.pk, world.other_workspace.pk]
    )
    assert {tuple(event.changes["language"]) for event in events} == {("en", "ru")}


def test_a_survey_versions_questions_are_recorded_as_they_are_added_and_removed(world):
    template = SurveyTemplate.objects.current_for(world.workspace)
    drafts = template_drafts(template)
    extra = replace(drafts[-1], text_en="Anything else?", position=len(drafts), pk=None)
    before = AuditEvent.objects.latest("pk").pk
    survey_questions_revise(template=template, user=world.owner, questions=[*drafts, extra])
    survey_questions_revise(template=template, user=world.owner, questions=drafts[:-1])
    events = AuditEvent.objects.filter(model="surveys.Question", pk__gt=before).order_by("pk")
    assert [(event.action, event.object_repr) for event in events] == [
        ("create", "Anything else?"),
        ("delete", drafts[-1].text_en),
        ("delete", "Anything else?"),
    ]
    assert {event.workspace_id for event in events} == {world.workspace.pk}


def test_a_contacts_survey_opt_out_is_in_its_history(world):
    contact = contact_create(account=world.account, name="Ann", email="ann@northwind.test")
    invitation = unanswered_survey(world.account)
    invitation.contact = contact
    invitation.contact_name = "Ann"
    contact_opt_out(invitation)
    event = AuditEvent.objects.filter(model="stakeholders.Contact").latest("pk")
    assert (event.object_id, event.account_id, event.action) == (
        contact.pk,
        world.account.pk,
        "update",
    )
    assert event.changes["surveys_opted_out_at"][0] is None
    contact_opt_out(invitation)  # Once only.
    assert AuditEvent.objects.filter(model="stakeholders.Contact").latest("pk") == event


def test_moving_an_offering_records_the_new_order(world):
    first = offering_create(workspace=world.workspace, name="Parts")
    second = offering_create(workspace=world.workspace, name="Support")
    offering_move(offering=second, step=-1)
    moved = AuditEvent.objects.filter(model="revenue.Offering", action="update")
    assert {event.object_id: event.changes["position"] for event in moved} == {
        first.pk: [first.position, second.position],
        second.pk: [second.position, first.position],
    }
