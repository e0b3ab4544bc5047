"""How the trail words a stored value."""

from django.utils import translation

from keyfolio.accounts.models import Account
from keyfolio.audit.trail import value_text
from keyfolio.stakeholders.models import Contact


def field(model, name):
    return model._meta.get_field(name)


def test_it_words_values_as_people_read_them():
    with translation.override("en"):
        assert value_text(field(Account, "goal_min_zone"), "key", {}) == "Key"
        assert value_text(field(Account, "owner"), 7, {7: "Max Manager"}) == "Max Manager"
        assert value_text(field(Account, "owner"), 8, {}) == "#8"
        assert value_text(field(Account, "team"), [7, 8], {7: "Max"}) == "Max, #8"
        assert value_text(field(Contact, "active"), False, {}) == "no"
        assert value_text(None, 32.857142857142854, {}) == "32.86"
        assert value_text(None, 25.0, {}) == "25"
        assert value_text(None, None, {}) == value_text(None, "", {}) == "—"


def test_choice_labels_follow_the_language():
    with translation.override("ru"):
        assert value_text(field(Account, "goal_min_zone"), "key", {}) != "key"
