from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keyfolio.accounts"
    label = "accounts"
