"""No lost edits on the plan tab: every edit form carries the version it was read at; a
save over a newer version is refused and changes nothing, and the person's merge saves.
The whole path is checked by keyfolio.testing.two_edit; the URLs come with HTMX headers
off (the page form), as a browser without JavaScript posts them."""

from keyfolio.plans import services
from keyfolio.plans.models import PlanQuestion, PlanStatus
from keyfolio.plans.tests.conftest import plans_url, questions_of
from keyfolio.testing import HTMX, conflict_of, form_as_posted, two_edit


def _people(world) -> dict:
    return {"mine": world.client_for(world.manager), "theirs": world.client_for(world.teammate)}


def test_the_plan_form(world, plan):
    def stored():
        plan.refresh_from_db()
        return plan.title, plan.status

    after_theirs, merged = two_edit(
        **_people(world),
        url=plans_url(world, "edit", world.account.pk, plan.pk),
        stored=stored,
        their_change={"title": "Their title"},
        my_change={"title": "My title", "status": PlanStatus.ACTIVE},
    )
    assert after_theirs[0] == "Their title"
    assert merged == ("Their title", PlanStatus.ACTIVE)


def test_the_key_figures(world, plan):
    def stored():
        plan.refresh_from_db()
        return plan.price_or_value, plan.capacity_note

    after_theirs, merged = two_edit(
        **_people(world),
        url=plans_url(world, "figures_edit", world.account.pk, plan.pk),
        stored=stored,
        their_change={"capacity_note": "Two engineers"},
        my_change={"capacity_note": "One engineer", "price_or_value": "value"},
    )
    assert after_theirs[1] == "Two engineers"
    assert merged == ("value", "Two engineers")


def test_an_answer(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>First</div>", by=None)

    def stored():
        return plan.answers.get(question=question).text

    after_theirs, merged = two_edit(
        **_people(world),
        url=plans_url(world, "answer_edit", world.account.pk, plan.pk, question.pk),
        stored=stored,
        their_change={"text": "<div>Theirs</div>"},
        my_change={"text": "<div>Mine</div>"},
    )
    assert (after_theirs, merged) == ("<div>Theirs</div>", "<div>Theirs</div>")


def test_an_answer_conflict_names_who_saved_and_shows_text_not_html(world, plan):
    question = questions_of(world)[0]
    url = plans_url(world, "answer_edit", world.account.pk, plan.pk, question.pk)
    mine = world.client_for(world.manager)
    opened = form_as_posted(mine.get(url, headers=HTMX).context["form"])
    services.answer_save(plan=plan, question=question, text="<div>Theirs</div>", by=world.director)

    response = mine.post(url, {**opened, "text": "<div>Mine</div>"}, headers=HTMX)

    assert conflict_of(response) == {"text": ("Theirs", "Mine")}
    assert f"({world.director.display_name})" in response.content.decode()
    assert response.content.decode().lstrip().startswith("<section")  # Still the fragment.
    assert plan.answers.get(question=question).text == "<div>Theirs</div>"


def test_an_objective(world, plan):
    objective = services.objective_save(plan=plan, title="Grow", measure="Revenue")

    def stored():
        objective.refresh_from_db()
        return objective.title, objective.measure

    after_theirs, merged = two_edit(
        **_people(world),
        url=plans_url(world, "objective_edit", world.account.pk, plan.pk, objective.pk),
        stored=stored,
        their_change={"measure": "Margin"},
        my_change={"title": "Grow more"},
    )
    assert after_theirs == ("Grow", "Margin")
    assert merged == ("Grow more", "Margin")


def test_an_action(world, plan):
    action = services.action_create(account=world.account, title="Call")

    def stored():
        action.refresh_from_db()
        return action.title, action.owner_id

    after_theirs, merged = two_edit(
        **_people(world),
        url=plans_url(world, "action_edit", world.account.pk, action.pk),
        stored=stored,
        their_change={"title": "Call the CFO"},
        my_change={
            "title": "Call the CEO",
            "owner": world.manager.pk,
        },
    )
    assert after_theirs == ("Call the CFO", None)
    assert merged == ("Call the CFO", world.manager.pk)


def test_a_risk(world, plan):
    risk = services.risk_save(plan=plan, description="Churn", likelihood=2, impact=2)

    def stored():
        risk.refresh_from_db()
        return risk.likelihood, risk.mitigation

    after_theirs, merged = two_edit(
        **_people(world),
        url=plans_url(world, "risk_edit", world.account.pk, plan.pk, risk.pk),
        stored=stored,
        their_change={"likelihood": "4"},
        my_change={"mitigation": "Meet monthly"},
    )
    assert after_theirs == (4, "")
    assert merged == (4, "Meet monthly")


def test_a_plan_question(world):
    question = questions_of(world)[0]
    field = "text_en"

    def stored():
        return PlanQuestion.objects.get(pk=question.pk).text_en

    after_theirs, merged = two_edit(
        mine=world.client_for(world.owner),
        theirs=world.client_for(world.admin),
        url=plans_url(world, "question_edit", question.pk),
        stored=stored,
        their_change={field: "Their wording"},
        my_change={field: "My wording"},
    )
    assert (after_theirs, merged) == ("Their wording", "Their wording")
