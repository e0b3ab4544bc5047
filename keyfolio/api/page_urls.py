from django.urls import path

from keyfolio.api import views

app_name = "api_tokens"
urlpatterns = [
    path("api-tokens/", views.token_list, name="list"),
    path("api-tokens/new/", views.token_create, name="create"),
    path("api-tokens/<int:token_pk>/revoke/", views.token_revoke, name="revoke"),
]
