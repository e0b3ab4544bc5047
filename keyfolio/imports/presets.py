"""The presets: how each CRM's standard export names its columns, per kind of record.

`docs/import.md` documents the same mapping column by column; keep the two together.
Headers are compared as people read them: case, repeated spaces and a byte-order mark
make no difference. An alias that ends in `*` matches every header that starts with
it (amoCRM writes its budget as "Бюджет ₽", "Бюджет $"...).

Without `--preset`, `preset_guess` picks the preset that recognises most of the
header's columns (Keyfolio's own column names count as a preset too); a tie goes to
the earlier preset in PRESETS.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from keyfolio.imports.fields import KIND_FIELDS, RECORD_TYPE
from keyfolio.imports.values import ENGLISH, RUSSIAN, Locale

Aliases = dict[str, tuple[str, ...]]  # Field key -> the headers that mean it.


@dataclass(frozen=True)
class Preset:
    name: str  # Also the `source` of the records it imports, beside their external ids.
    label: str
    locale: Locale
    columns: dict[str, Aliases]  # Kind -> its fields' headers.
    # Kind -> the values of the record_type column whose rows hold that kind.
    record_types: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def mapping(self, kind: str, header: Sequence[str]) -> dict[int, str]:
        """Column index -> field key, for the columns of `header` this preset knows. A
        field takes the column of its first alias the header has (Salesforce's
        `Owner.Email` before `OwnerId`); a column goes to one field only."""
        names = [header_key(text) for text in header]
        found: dict[int, str] = {}
        for key, aliases in self.columns.get(kind, {}).items():
            for alias in aliases:
                index = next(
                    (
                        index
                        for index, name in enumerate(names)
                        if index not in found and _matches(name, alias)
                    ),
                    None,
                )
                if index is not None:
                    found[index] = key
                    break
        return found


def header_key(text: object) -> str:
    """A header as it is compared: NFKC, case-folded, single spaces, no BOM."""
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return " ".join(value.casefold().split())


def _matches(name: str, alias: str) -> bool:
    alias = header_key(alias)
    return name.startswith(alias[:-1]) if alias.endswith("*") else name == alias


# Keyfolio's own exports: their headers are the fields' keys (keyfolio.imports.fields).
KEYFOLIO = Preset(
    "keyfolio",
    "Keyfolio",
    ENGLISH,
    {
        kind: {field.key: (field.key,) for field in fields if field is not RECORD_TYPE}
        for kind, fields in KIND_FIELDS.items()
    },
)

# Salesforce Data Loader and the weekly Data Export: API field names.
SALESFORCE = Preset(
    "salesforce",
    "Salesforce",
    ENGLISH,
    {
        "accounts": {
            "external_id": ("Id",),
            "name": ("Name",),
            "parent_external_id": ("ParentId",),
            "owner": ("Owner.Email", "Owner.Name", "OwnerId"),
            "industry": ("Industry",),
            "country": ("BillingCountry", "ShippingCountry"),
            "website": ("Website",),
            "currency": ("CurrencyIsoCode",),
            "description": ("Description",),
            "segment": ("Type",),
        },
        "contacts": {
            "external_id": ("Id",),
            "account_external_id": ("AccountId",),
            "account": ("Account.Name",),
            "name": ("Name",),
            "first_name": ("FirstName",),
            "last_name": ("LastName",),
            "title": ("Title",),
            "department": ("Department",),
            "email": ("Email",),
            "phone": ("Phone", "MobilePhone"),
            "reports_to_external_id": ("ReportsToId",),
        },
        "opportunities": {
            "external_id": ("Id",),
            "account_external_id": ("AccountId",),
            "account": ("Account.Name",),
            "name": ("Name",),
            "amount": ("Amount",),
            "currency": ("CurrencyIsoCode",),
            "stage": ("StageName",),
            "probability": ("Probability",),
            "expected_close": ("CloseDate",),
            "is_closed": ("IsClosed",),
            "is_won": ("IsWon",),
            "owner": ("Owner.Email", "Owner.Name", "OwnerId"),
        },
    },
)

# HubSpot's export of a view: the properties' labels; UTF-8 with a byte-order mark.
HUBSPOT = Preset(
    "hubspot",
    "HubSpot",
    ENGLISH,
    {
        "accounts": {
            "external_id": ("Record ID", "Company ID"),
            "name": ("Company name", "Name"),
            "owner": ("Company owner",),
            "industry": ("Industry",),
            "country": ("Country/Region", "Country"),
            "website": ("Website URL", "Company Domain Name"),
            "description": ("Description", "About Us"),
            "parent": ("Parent Company",),
            "segment": ("Type",),
        },
        "contacts": {
            "external_id": ("Record ID", "Contact ID"),
            "first_name": ("First Name",),
            "last_name": ("Last Name",),
            "email": ("Email",),
            "phone": ("Phone Number", "Mobile Phone Number"),
            "title": ("Job Title",),
            "department": ("Department",),
            "account": ("Associated Company", "Company Name"),
            "account_external_id": (
                "Associated Company IDs (Primary)",
                "Associated Company ID",
                "Associated Company IDs",
            ),
        },
        "opportunities": {
            "external_id": ("Record ID", "Deal ID"),
            "name": ("Deal Name",),
            "stage": ("Deal Stage",),
            "amount": ("Amount",),
            "currency": ("Currency",),
            "expected_close": ("Close Date",),
            "probability": ("Deal probability",),
            "owner": ("Deal owner",),
            "account": ("Associated Company", "Company Name"),
            "account_external_id": (
                "Associated Company IDs (Primary)",
                "Associated Company ID",
                "Associated Company IDs",
            ),
        },
    },
)

# Dynamics 365 "Export to Excel": the logical names from the workbook's hidden sheet
# (keyfolio.imports.readers), so that labels in any language map; the English labels
# too, for a workbook re-saved without that sheet.
DYNAMICS = Preset(
    "dynamics365",
    "Dynamics 365",
    ENGLISH,
    {
        "accounts": {
            "external_id": ("accountid", "(Do Not Modify) Account"),
            "name": ("name", "Account Name"),
            "parent": ("parentaccountid", "Parent Account"),
            "owner": ("ownerid", "Owner"),
            "industry": ("industrycode", "Industry"),
            "country": ("address1_country", "Address 1: Country/Region", "Country/Region"),
            "website": ("websiteurl", "Website"),
            "currency": ("transactioncurrencyid", "Currency"),
            "description": ("description", "Description"),
            "tax_id": ("accountnumber",),
        },
        "contacts": {
            "external_id": ("contactid", "(Do Not Modify) Contact"),
            "name": ("fullname", "Full Name"),
            "first_name": ("firstname", "First Name"),
            "last_name": ("lastname", "Last Name"),
            "account": ("parentcustomerid", "Company Name"),
            "title": ("jobtitle", "Job Title"),
            "department": ("department", "Department"),
            "email": ("emailaddress1", "Email"),
            "phone": ("telephone1", "Business Phone", "mobilephone"),
        },
        "opportunities": {
            "external_id": ("opportunityid", "(Do Not Modify) Opportunity"),
            "name": ("name", "Topic"),
            "account": ("parentaccountid", "customerid", "Account", "Potential Customer"),
            "amount": ("estimatedvalue", "Est. Revenue"),
            "currency": ("transactioncurrencyid", "Currency"),
            "expected_close": ("estimatedclosedate", "Est. Close Date"),
            "probability": ("closeprobability", "Probability"),
            "status": ("statecode", "Status"),
            "stage": ("stepname", "Pipeline Phase", "salesstagecode", "Sales Stage"),
            "owner": ("ownerid", "Owner"),
        },
    },
)

PIPEDRIVE = Preset(
    "pipedrive",
    "Pipedrive",
    ENGLISH,
    {
        "accounts": {
            "external_id": ("Organization - ID",),
            "name": ("Organization - Name",),
            "owner": ("Organization - Owner",),
            "industry": ("Organization - Industry",),
            "country": ("Organization - Address - Country", "Organization - Country"),
            "website": ("Organization - Website",),
        },
        "contacts": {
            "external_id": ("Person - ID",),
            "name": ("Person - Name",),
            "first_name": ("Person - First name",),
            "last_name": ("Person - Last name",),
            "email": ("Person - Email - Work", "Person - Email", "Person - Email - Other"),
            "phone": ("Person - Phone - Work", "Person - Phone", "Person - Phone - Mobile"),
            "title": ("Person - Job title",),
            "account": ("Person - Organization", "Organization - Name"),
            "account_external_id": ("Organization - ID",),
        },
        "opportunities": {
            "external_id": ("Deal - ID",),
            "name": ("Deal - Title",),
            "amount": ("Deal - Value",),
            "currency": ("Deal - Currency",),
            "stage": ("Deal - Stage",),
            "status": ("Deal - Status",),
            "probability": ("Deal - Probability",),
            "expected_close": ("Deal - Expected close date",),
            "owner": ("Deal - Owner",),
            "account": ("Deal - Organization", "Organization - Name"),
            "account_external_id": ("Organization - ID",),
        },
    },
)

BITRIX24 = Preset(
    "bitrix24",
    "Bitrix24",
    RUSSIAN,
    {
        "accounts": {
            "external_id": ("ID",),
            "name": ("Название компании",),
            "owner": ("Ответственный",),
            "industry": ("Сфера деятельности",),
            "segment": ("Тип компании",),
            "website": ("Корпоративный сайт", "Сайт"),
            "tax_id": ("ИНН",),
            "country": ("Страна",),
            "description": ("Комментарий",),
            "currency": ("Валюта",),
        },
        "contacts": {
            "external_id": ("ID",),
            "first_name": ("Имя",),
            "middle_name": ("Отчество",),
            "last_name": ("Фамилия",),
            "title": ("Должность",),
            "email": ("Рабочий e-mail", "E-mail", "Частный e-mail"),
            "phone": ("Рабочий телефон", "Мобильный телефон", "Телефон"),
            "account": ("Компания", "Название компании"),
        },
        "opportunities": {
            "external_id": ("ID",),
            "name": ("Название сделки", "Название"),
            "amount": ("Сумма",),
            "currency": ("Валюта",),
            "stage": ("Стадия сделки", "Стадия"),
            "expected_close": ("Предполагаемая дата закрытия", "Дата завершения"),
            "probability": ("Вероятность",),
            "account": ("Компания",),
            "owner": ("Ответственный",),
        },
    },
)

# amoCRM writes companies and contacts in one file, told apart by "Тип".
AMOCRM = Preset(
    "amocrm",
    "amoCRM",
    RUSSIAN,
    {
        "accounts": {
            "external_id": ("ID",),
            "record_type": ("Тип",),
            "name": ("Наименование", "Название компании", "Название"),
            "owner": ("Ответственный",),
            "website": ("Web", "Web (компания)", "Сайт"),
            "tax_id": ("ИНН",),
            "industry": ("Сфера деятельности", "Отрасль"),
        },
        "contacts": {
            "external_id": ("ID",),
            "record_type": ("Тип",),
            "name": ("Наименование", "Полное имя контакта", "Полное имя"),
            "first_name": ("Имя",),
            "last_name": ("Фамилия",),
            "title": ("Должность", "Должность (контакт)"),
            "email": ("Рабочий email", "Рабочий email (контакт)", "Email"),
            "phone": ("Рабочий телефон", "Рабочий телефон (контакт)", "Мобильный телефон"),
            "account": ("Компания", "Название компании"),
        },
        "opportunities": {
            "external_id": ("ID",),
            "name": ("Название сделки", "Сделка", "Название"),
            "amount": ("Бюджет*",),
            "stage": ("Этап сделки", "Статус", "Этап"),
            "expected_close": ("Дата закрытия", "Ожидаемая дата закрытия"),
            "account": ("Компания", "Название компании"),
            "owner": ("Ответственный",),
        },
    },
    record_types={"accounts": ("компания", "company"), "contacts": ("контакт", "contact")},
)

# CommerceML (the XML 1C writes): the reader turns each Контрагент into a row whose
# columns are named after its elements.
ONE_C = Preset(
    "1c",
    "1C (CommerceML)",
    RUSSIAN,
    {
        "accounts": {
            "external_id": ("Ид",),
            "name": ("Наименование", "ОфициальноеНаименование", "ПолноеНаименование"),
            "tax_id": ("ИНН",),
            "country": ("Страна",),
            "description": ("Комментарий",),
        },
    },
)

PRESETS = {
    preset.name: preset
    for preset in (KEYFOLIO, SALESFORCE, HUBSPOT, DYNAMICS, PIPEDRIVE, BITRIX24, AMOCRM, ONE_C)
}


def preset_guess(kind: str, header: Sequence[str]) -> Preset:
    """The preset that knows most of the header's columns for this kind."""
    best, best_count = KEYFOLIO, -1
    for preset in PRESETS.values():
        count = len(preset.mapping(kind, header))
        if count > best_count:
            best, best_count = preset, count
    return best
