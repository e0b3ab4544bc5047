from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "keyfolio.meetings"
    label = "meetings"
