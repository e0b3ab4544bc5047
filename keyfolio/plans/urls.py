from django.urls import path

from keyfolio.plans import views

app_name = "plans"
urlpatterns = [
    path("accounts/<int:pk>/plan/", views.plan, name="plan"),
]
