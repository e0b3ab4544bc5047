from django.urls import path

from keyfolio.revenue import views

app_name = "revenue"
urlpatterns = [
    path("accounts/<int:pk>/revenue/", views.index, name="index"),
]
