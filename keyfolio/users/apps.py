from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "keyfolio.users"
    label = "users"
