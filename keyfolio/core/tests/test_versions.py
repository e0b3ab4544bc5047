"""The version a form carries, and what a save over a newer one does (core/versions.py).
Each app's tests run the same path through its own forms (keyfolio.testing.two_edit)."""

from datetime import date

from django import forms
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.core.versions import VersionedForm, content_tag, lock, version_tag


class Saved:
    """What a form edits, as a plain object with an id."""

    def __init__(self, pk=7):
        self.pk = pk


class NoteForm(VersionedForm, forms.Form):
    title = forms.CharField()
    due = forms.DateField(required=False)
    done = forms.BooleanField(required=False)
    page_state = forms.CharField(required=False, widget=forms.HiddenInput)


def _form(data=None, **saved) -> NoteForm:
    initial = {"title": "Call", "due": date(2026, 3, 1), "done": False, **saved}
    return NoteForm(data, initial=initial, version_of=Saved())  # type: ignore[arg-type]


def _read_version(**saved) -> str:
    return _form(**saved)["version"].value()


def test_the_version_follows_what_the_form_shows_only():
    assert _read_version() == _read_version(page_state="anything")  # Hidden: not shown.
    assert _read_version() != _read_version(title="Call back")


def test_a_save_over_the_version_read_goes_through():
    form = _form({"title": "Call back", "due": "2026-03-01", "version": _read_version()})
    assert form.is_valid()
    assert "version" not in form.cleaned_data  # The services get the object's fields only.


def test_a_save_over_a_newer_version_is_refused_with_both_versions():
    read = _read_version()
    form = _form({"title": "Mine", "due": "2026-03-01", "version": read}, title="Theirs")
    assert not form.is_valid()
    assert [(c["name"], c["theirs"], c["yours"]) for c in form.conflict] == [
        ("title", "Theirs", "Mine")
    ]
    assert "Your changes are not saved yet." in form.non_field_errors()[0]
    # The next post goes against the version now saved; what was typed stays.
    assert form["version"].value() == _read_version(title="Theirs")
    assert form["title"].value() == "Mine"


def test_the_same_change_made_twice_is_no_conflict():
    form = _form({"title": "Same", "due": "2026-03-01", "version": _read_version()}, title="Same")
    assert form.is_valid()


def test_keeping_their_value_puts_it_in_the_field():
    data = QueryDict(mutable=True)
    data.update({"title": "Mine", "due": "2026-04-01", "version": _read_version(title="Theirs")})
    data["merge-title"] = "theirs"
    form = _form(data, title="Theirs")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Theirs"
    assert form.cleaned_data["due"] == date(2026, 4, 1)


def test_a_post_without_a_version_is_not_checked():
    assert _form({"title": "Mine"}, title="Theirs").is_valid()


def test_a_form_for_a_new_object_checks_nothing():
    form = NoteForm({"title": "Mine", "version": '"old"'}, initial={"title": "Other"})
    assert form.is_valid()


def test_the_api_tokens_name_kind_id_and_state():
    assert version_tag("account", 3, None) == '"account-3-none"'
    assert content_tag("action", 3, "a", date(2026, 1, 2)) != content_tag("action", 3, "b", None)


def test_lock_reads_the_object_again_under_the_rows_lock(world):
    account = Account.objects.get(pk=world.account.pk)
    Account.objects.filter(pk=account.pk).update(segment="Saved meanwhile")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock(account)
    assert account.segment == "Saved meanwhile"
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite's IMMEDIATE locks all.
        assert "FOR UPDATE" in queries[0]["sql"]
