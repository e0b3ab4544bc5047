from django.urls import path

from keyfolio.briefs import views

app_name = "briefs"
urlpatterns = [
    path("accounts/<int:pk>/brief/", views.brief, name="brief"),
    path("accounts/<int:pk>/brief/print/", views.print_view, name="print"),
    path("accounts/<int:pk>/brief.pdf", views.pdf, name="pdf"),
]
