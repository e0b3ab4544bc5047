from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "keyfolio.assessments"
    label = "assessments"
