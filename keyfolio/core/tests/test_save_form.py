"""save_form: a valid form goes to the service; a refusal comes back as form errors."""

from django import forms
from django.core.exceptions import ValidationError

from keyfolio.core.forms import save_form


class NameForm(forms.Form):
    name = forms.CharField()


def test_it_returns_what_the_service_saved():
    assert save_form(NameForm({"name": "Acme"}), lambda data: data["name"].upper()) == "ACME"


def test_it_does_not_call_the_service_with_an_invalid_form():
    def save(data):
        raise AssertionError("saved an invalid form")

    form = NameForm({"name": ""})
    assert save_form(form, save) is None
    assert "name" in form.errors


def test_it_puts_the_services_refusal_on_the_form():
    def save(data):
        raise ValidationError("That name is taken.")

    form = NameForm({"name": "Acme"})
    assert save_form(form, save) is None
    assert form.non_field_errors() == ["That name is taken."]
