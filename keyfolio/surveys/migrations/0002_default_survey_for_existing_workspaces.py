"""Every workspace made before surveys existed gets what a new one gets: the relationship
survey (version 1) and the survey settings. The questions are written out here, as they
were at this migration, rather than imported: later edits of the defaults must not
change what this migration did."""

from django.db import migrations

NAME = ("Relationship survey", "Оценка сотрудничества")
INTRO = (
    "Two quick questions about working with us, and room for anything you want to tell us.",
    "Два коротких вопроса о работе с нами и место для всего, что вы хотите нам сказать.",
)
QUESTIONS = (
    (
        "nps",
        "How likely are you to recommend working with us to a colleague?",
        "Насколько вероятно, что вы порекомендуете работу с нами коллеге?",
        True,
    ),
    (
        "csat",
        "Overall, how satisfied are you with working with us?",
        "Насколько вы в целом довольны работой с нами?",
        True,
    ),
    ("text", "What should we do better?", "Что нам стоит делать лучше?", False),
)


def create_defaults(apps, schema_editor):
    Workspace = apps.get_model("workspaces", "Workspace")
    SurveySettings = apps.get_model("surveys", "SurveySettings")
    SurveyTemplate = apps.get_model("surveys", "SurveyTemplate")
    Question = apps.get_model("surveys", "Question")
    for workspace in Workspace.objects.all():
        SurveySettings.objects.get_or_create(workspace=workspace)
        if SurveyTemplate.objects.filter(workspace=workspace, key="relationship").exists():
            continue
        template = SurveyTemplate.objects.create(
            workspace=workspace,
            key="relationship",
            version=1,
            name_en=NAME[0],
            name_ru=NAME[1],
            intro_en=INTRO[0],
            intro_ru=INTRO[1],
        )
        Question.objects.bulk_create(
            Question(
                template=template,
                kind=kind,
                text_en=text_en,
                text_ru=text_ru,
                required=required,
                position=position,
            )
            for position, (kind, text_en, text_ru, required) in enumerate(QUESTIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("workspaces", "0002_membership_is_executive")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
