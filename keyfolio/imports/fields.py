"""What each kind of import fills in: its fields, the names a person sees for them in
the wizard's mapping step, and which are needed.

A preset (keyfolio.imports.presets) maps a CRM's column headers to these field keys;
Keyfolio's own exports use the keys themselves as headers, so an export imports back.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise


# Which rows of a file hold this kind: amoCRM writes companies and contacts in one file,
# told apart by a "Тип" column (see Preset.record_types).
RECORD_TYPE = Field("record_type", _("Record type"))
EXTERNAL_ID = Field("external_id", _("External id (the CRM's)"))
SOURCE = Field("source", _("Source (the CRM's name)"))
ACCOUNT = Field("account", _("Account (name)"))
ACCOUNT_EXTERNAL_ID = Field("account_external_id", _("Account (external id)"))
OWNER = Field("owner", _("Owner (a member's e-mail or name)"))

KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "accounts": (
        EXTERNAL_ID,
        SOURCE,
        Field("name", _("Name")),
        Field("tax_id", _("Tax ID (ИНН)")),
        Field("parent", _("Parent account (name)")),
        Field("parent_external_id", _("Parent account (external id)")),
        OWNER,
        Field("segment", _("Segment")),
        Field("industry", _("Industry")),
        Field("country", _("Country")),
        Field("website", _("Website")),
        Field("currency", _("Currency")),
        Field("description", _("Description")),
        Field("goal_min_zone", _("Goal: at least")),
        Field("goal_max_zone", _("Goal: at most")),
        Field("forecast_client_index", _("Forecast client position in 3 years")),
        Field("forecast_our_index", _("Forecast our position in 3 years")),
        RECORD_TYPE,
    ),
    "contacts": (
        EXTERNAL_ID,
        SOURCE,
        ACCOUNT,
        ACCOUNT_EXTERNAL_ID,
        Field("name", _("Full name")),
        Field("first_name", _("First name")),
        Field("middle_name", _("Middle name")),
        Field("last_name", _("Last name")),
        Field("title", _("Job title")),
        Field("department", _("Department")),
        Field("email", _("E-mail")),
        Field("phone", _("Phone")),
        Field("reports_to", _("Reports to (name)")),
        Field("reports_to_external_id", _("Reports to (external id)")),
        Field("decision_role", _("Role in decisions")),
        Field("influence", _("Influence (1–5)")),
        Field("attitude", _("Attitude to us")),
        Field("language", _("Language")),
        Field("notes", _("Notes")),
        Field("active", _("Active (yes or no)")),
        RECORD_TYPE,
    ),
    "opportunities": (
        EXTERNAL_ID,
        SOURCE,
        ACCOUNT,
        ACCOUNT_EXTERNAL_ID,
        Field("name", _("Name")),
        Field("amount", _("Amount")),
        Field("currency", _("Currency")),
        Field("stage", _("Stage")),
        Field("probability", _("Probability, %")),
        Field("expected_close", _("Expected close date")),
        Field("status", _("Status (open, won, lost)")),
        Field("is_closed", _("Closed (yes or no)")),
        Field("is_won", _("Won (yes or no)")),
        OWNER,
        RECORD_TYPE,
    ),
}
# The kinds whose columns are Keyfolio's own (the existing importers read them).
FIXED_KINDS = ("revenue", "scores")
KINDS = (*KIND_FIELDS, *FIXED_KINDS)

# What each kind is called in the wizard.
KIND_LABELS: dict[str, Promise] = {
    "accounts": _("Accounts"),
    "contacts": _("Contacts"),
    "opportunities": _("Opportunities"),
    "revenue": _("Revenue by month"),
    "scores": _("Scores (new assessments)"),
}

# What a row needs, as alternatives: a contact needs a name or a first or last name.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "accounts": (("name",),),
    "contacts": (("name", "first_name", "last_name"), ("account", "account_external_id")),
    "opportunities": (
        ("name",),
        ("amount",),
        ("expected_close",),
        ("account", "account_external_id"),
    ),
}


def field_label(kind: str, key: str) -> Promise:
    return next(field.label for field in KIND_FIELDS[kind] if field.key == key)
