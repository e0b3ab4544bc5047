from django.urls import path

from keyfolio.stakeholders import views

app_name = "stakeholders"

CONTACT = "accounts/<int:pk>/stakeholders/<int:contact_pk>/"
RELATIONSHIP = CONTACT + "relationships/<int:relationship_pk>/"

urlpatterns = [
    path("accounts/<int:pk>/stakeholders/", views.map, name="map"),
    path("accounts/<int:pk>/stakeholders/new/", views.contact_create, name="contact_create"),
    path(CONTACT, views.contact_edit, name="contact_edit"),
    path(CONTACT + "row/", views.contact_row, name="contact_row"),
    path(CONTACT + "deactivate/", views.contact_deactivate, name="contact_deactivate"),
    path(CONTACT + "reactivate/", views.contact_reactivate, name="contact_reactivate"),
    path(CONTACT + "delete/", views.contact_delete, name="contact_delete"),
    path(CONTACT + "relationships/", views.relationship_add, name="relationship_add"),
    path(RELATIONSHIP, views.relationship_edit, name="relationship_edit"),
    path(RELATIONSHIP + "remove/", views.relationship_remove, name="relationship_remove"),
]
