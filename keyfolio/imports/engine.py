"""The import of accounts, contacts and opportunities: from rows of a CRM's export to
records, in four steps.

1. **Read**: each row's mapped cells become values (keyfolio.imports.values); a cell
   that cannot be read is an error of its line.
2. **Match**: each row finds the record it is about, or is new (keyfolio.imports.matching);
   two rows about one record, or a row whose record has another external id, are
   errors. References to other rows (a parent account, the person one reports to) are
   resolved once every row is read, so they may point down the file.
3. **Compare**: the matched records are read in chunks and compared field by field: a
   row is an update if a value differs, else unchanged. A blank cell changes nothing:
   an export that leaves out a field never wipes what the team typed.
4. **Write** (unless it is a dry run, or there are errors and the import is all or
   nothing): new records are inserted in bulk, changed ones updated in bulk, and every
   write is logged (keyfolio.imports.models.ImportChange) with the values before and
   after it, so that the import can be undone. All of it in one transaction.

Running the same file twice creates and changes nothing.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, cast

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account, ZoneChoice
from keyfolio.accounts.services import MAX_GROUP_DEPTH, account_manager_candidates
from keyfolio.accounts.signals import accounts_changed
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import BulkChange, field_changes, record_bulk
from keyfolio.core.bulk import pks_reserve, rows_insert
from keyfolio.core.tables import RowErrors, TableRow, cell_text
from keyfolio.imports import values as read
from keyfolio.imports.fields import REQUIRED, field_label
from keyfolio.imports.matching import AMBIGUOUS, Members, add_unique, normal_name
from keyfolio.imports.models import ImportChange, ImportRun
from keyfolio.imports.presets import Preset
from keyfolio.revenue.models import Opportunity, OpportunityStatus
from keyfolio.stakeholders.models import Attitude, Contact, DecisionRole
from keyfolio.users.models import Language
from keyfolio.workspaces.models import Workspace

COMPARE_CHUNK = 1000  # Records read at a time to compare them with their rows.
WRITE_CHUNK = 5000  # New records inserted (and logged) at a time.
PROGRESS_EVERY = 1000  # Rows between two progress reports.
REPR_FIELDS = ("name", "full_name", "title")  # What names a record in the audit trail.
SHOWN_WARNINGS = 100
WEBSITE = URLValidator(schemes=["http", "https"])
# The common case of a web address, a strict subset of what URLValidator accepts.
PLAIN_WEBSITE = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{2,5})?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
JSON = DjangoJSONEncoder()


@dataclass
class Options:
    dry_run: bool = False
    good_rows: bool = False  # Import the good rows even when others are bad.
    # For open opportunities the file gives no probability for (else they count 0).
    probability: int | None = None
    source: str | None = None  # The source of external ids; the preset's name by default.


@dataclass
class Outcome:
    kind: str
    preset: str
    encoding: str | None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: RowErrors = field(default_factory=RowErrors)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    ignored: list[str] = field(default_factory=list)  # The file's columns no field takes.
    imported: bool = False  # False for a dry run, or an all-or-nothing import with errors.

    def warn(self, line: int, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < SHOWN_WARNINGS:
            self.warnings.append(
                _("line %(line)d: %(message)s") % {"line": line, "message": message}
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "preset": self.preset,
            "encoding": self.encoding,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"line": error.line, "message": error.message} for error in self.errors],
            "error_count": len(self.errors),
            "warnings": self.warnings,
            "warning_count": self.warning_count,
            "ignored_columns": self.ignored,
            "imported": self.imported,
        }


@dataclass(slots=True, eq=False)  # Compared by identity: rows are many.
class Planned:
    line: int
    key: int  # The record's pk, or a key below zero for a new record.
    values: dict[str, Any]  # What the row sets (model attnames).
    # Made when needed (a hundred thousand empty dicts are 20 MB): references resolved
    # after every row is read; then, from compare, the new values and what they replace.
    refs: dict[str, Any] | None = None
    changes: dict[str, Any] | None = None
    before: dict[str, Any] | None = None

    def refer(self, name: str, value: Any) -> None:
        if self.refs is None:
            self.refs = {}
        self.refs[name] = value

    def change(self, name: str, value: Any, before: Any) -> None:
        if self.changes is None:
            self.changes, self.before = {}, {}
        self.changes[name] = value
        self.before[name] = before  # type: ignore[index]

    @property
    def is_new(self) -> bool:
        return self.key < 0


class Importer:
    """One kind of record. Subclasses say how a row's values become a record's and how
    a row finds its record; reading, comparing, writing and logging are shared."""

    model: ClassVar[type[Model]]
    label: ClassVar[str]  # ImportChange.model
    # The attnames a row may set, and those a new record gets when the row is silent.
    settable: ClassVar[tuple[str, ...]]
    defaults: ClassVar[dict[str, Any]] = {}
    references: ClassVar[tuple[str, ...]] = ()  # Attnames that point at records of the kind.

    def __init__(self, *, workspace: Workspace, preset: Preset, options: Options, outcome: Outcome):
        self.workspace = workspace
        self.preset = preset
        self.options = options
        self.outcome = outcome
        self.source = options.source if options.source is not None else preset.name
        if self.source == "keyfolio":
            self.source = ""  # Keyfolio's own files say their source in a column.
        self.planned: list[Planned] = []
        self.dropped: set[int] = set()  # id() of the rows `drop` took out.
        self._new_keys = 0
        self.members = Members(
            list(account_manager_candidates(workspace).values_list("pk", "email", "full_name"))
        )

    # Reading ---------------------------------------------------------------------

    def row_values(self, row: TableRow, mapping: dict[int, str]) -> dict[str, Any]:
        """The row's cells by field key, blank ones left out."""
        cells = {}
        for index, key in mapping.items():
            if index < len(row.cells):
                cell = row.cells[index]
                if cell_text(cell) or isinstance(cell, int | float | Decimal | date):
                    cells[key] = cell
        return cells

    def parse(self, cells: dict[str, Any], found: list[str]) -> dict[str, Any]:
        raise NotImplementedError

    def cell(
        self,
        cells: dict[str, Any],
        key: str,
        reader: Callable[[Any], Any],
        found: list[str],
        kind: str,
    ) -> Any:
        """One cell read by `reader`, or None if blank; a CellError becomes an error
        that names the field."""
        if key not in cells:
            return None
        try:
            return reader(cells[key])
        except read.CellError as error:
            found.append(f"{field_label(kind, key)}: {error}")
            return None

    def missing(self, kind: str, cells: dict[str, Any]) -> list[str]:
        messages = []
        for alternatives in REQUIRED[kind]:
            if not any(key in cells for key in alternatives):
                names = _(" or ").join(str(field_label(kind, key)) for key in alternatives)
                messages.append(_("%(field)s is empty") % {"field": names})
        return messages

    def owner(self, cells: dict[str, Any], line: int) -> int | None:
        text = cell_text(cells.get("owner"))
        if not text:
            return None
        pk = self.members.find(text)
        if pk is None:
            self.outcome.warn(
                line,
                _("'%(owner)s' is not a manager of this workspace; the owner is left as it is.")
                % {"owner": text},
            )
        return pk

    def new_key(self) -> int:
        self._new_keys -= 1
        return self._new_keys

    def add(self, planned: Planned, errors: list[str]) -> None:
        """Keep the planned row, or report its errors."""
        if errors:
            for message in errors:
                self.outcome.errors.add(planned.line, message)
            return
        self.planned.append(planned)

    def drop(self, planned: Planned, message: str) -> None:
        """A row found bad once every row is read (a reference it cannot resolve)."""
        self.outcome.errors.add(planned.line, message)
        self.dropped.add(id(planned))

    def resolved(self) -> None:
        """Resolve the references, then leave out the rows found bad meanwhile."""
        self.resolve()
        if self.dropped:
            self.planned = [planned for planned in self.planned if id(planned) not in self.dropped]

    def resolve(self) -> None:
        """Resolve the references between rows, once every row is read."""

    # Comparing -------------------------------------------------------------------

    def compare(self) -> None:
        """Split the matched rows into updates and unchanged ones; count them."""
        existing = [planned for planned in self.planned if not planned.is_new]
        attnames = sorted({name for planned in existing for name in planned.values})
        for start in range(0, len(existing), COMPARE_CHUNK):
            chunk = existing[start : start + COMPARE_CHUNK]
            current = {
                row["pk"]: row
                for row in self.model._default_manager.filter(
                    pk__in=[planned.key for planned in chunk]
                ).values("pk", *attnames)
            }
            for planned in chunk:
                recorded = current[planned.key]
                for name, value in planned.values.items():
                    if _differs(recorded[name], value):
                        planned.change(name, value, recorded[name])
        self.outcome.created = sum(planned.is_new for planned in self.planned)
        self.outcome.updated = sum(bool(planned.changes) for planned in existing)
        self.outcome.unchanged = len(existing) - self.outcome.updated

    # Writing ---------------------------------------------------------------------

    def write(self, run: ImportRun) -> list[int]:
        """Insert the new records and update the changed ones; log both. Returns the
        ids of the accounts touched (for accounts_changed).

        The new records' pks are taken first (core.bulk.pks_reserve), so that a
        reference (`references`: a parent, a manager) to a record that is new too is
        written with the record, whichever comes first in the file."""
        now = timezone.now()
        new = [planned for planned in self.planned if planned.is_new]
        changed = [planned for planned in self.planned if not planned.is_new and planned.changes]
        pk_of = dict(
            zip((planned.key for planned in new), pks_reserve(self.model, len(new)), strict=True)
        )
        for planned in new:
            planned.key = pk_of[planned.key]
            planned.changes = planned.values  # Logged as created: undo deletes it.
        for planned in (*new, *changed):
            for name in self.references:
                reference = planned.changes.get(name)  # type: ignore[union-attr]
                if reference is not None and reference < 0:
                    planned.changes[name] = pk_of[reference]  # type: ignore[index]
        columns = ["id", "workspace_id", *self.settable]
        for start in range(0, len(new), WRITE_CHUNK):
            chunk = new[start : start + WRITE_CHUNK]
            rows = []
            for planned in chunk:
                values = {**self.defaults, **planned.values}
                rows.append(
                    (planned.key, self.workspace.pk, *(values.get(name) for name in self.settable))
                )
            rows_insert(self.model, columns, rows)
            self._log(run, [(planned.key, True, "{}", "{}") for planned in chunk])
        self._update(changed, now)
        self._log(
            run,
            [
                (planned.key, False, _json(planned.before), _json(planned.changes))
                for planned in changed
            ],
        )
        self._audit(new, changed)
        return self.touched_accounts()

    def _audit(self, new: list[Planned], changed: list[Planned]) -> None:
        """The audit trail's events of what was written, in multi-row INSERTs."""
        events = [
            BulkChange(
                object_id=planned.key,
                account_id=self.audited_account(planned),
                action=AuditEvent.Action.CREATE,
                changes={
                    name: [None, value]
                    for name, value in {**self.defaults, **planned.values}.items()
                    # The event's own column holds the account.
                    if value not in (None, "") and name != "account_id"
                },
                object_repr=_repr(planned.values),
            )
            for planned in new
        ] + [
            BulkChange(
                object_id=planned.key,
                account_id=self.audited_account(planned),
                action=AuditEvent.Action.UPDATE,
                changes=field_changes(planned.before or {}, planned.changes or {}),
                object_repr=_repr(planned.values),
            )
            for planned in changed
        ]
        record_bulk(workspace_id=self.workspace.pk, model=self.model, changes=events)

    def audited_account(self, planned: Planned) -> int | None:
        return planned.values.get("account_id")

    def _log(self, run: ImportRun, changes: list[tuple[int, bool, str, str]]) -> None:
        rows_insert(
            ImportChange,
            ["run_id", "model", "object_id", "created", "before", "after"],
            [(run.pk, self.label, *change) for change in changes],
        )

    def _update(self, changed: list[Planned], now) -> None:
        by_fields: dict[tuple[str, ...], list[Model]] = {}
        for planned in changed:
            changes = planned.changes or {}
            names = tuple(sorted(changes))
            instance = self.model(pk=planned.key, **changes)
            by_fields.setdefault(names, []).append(instance)
        for names, instances in by_fields.items():
            for instance in instances:
                instance.updated_at = now  # type: ignore[attr-defined]
            self.model._default_manager.bulk_update(
                instances, [*names, "updated_at"], batch_size=500
            )

    def touched_accounts(self) -> list[int]:
        raise NotImplementedError


def _differs(recorded: Any, value: Any) -> bool:
    if isinstance(recorded, Decimal) or isinstance(value, Decimal):
        return recorded is None or value is None or Decimal(recorded) != Decimal(value)
    return recorded != value


def _repr(values: dict[str, Any]) -> str:
    return next((str(values[name]) for name in REPR_FIELDS if values.get(name)), "")


def _json(values: dict[str, Any] | None) -> str:
    return JSON.encode(values)


# Accounts --------------------------------------------------------------------------

ACCOUNT_TEXT = {
    "segment": 100,
    "industry": 100,
    "country": 100,
    "description": 5000,
    "tax_id": 20,
}
ZONES = {choice.value for choice in ZoneChoice}


class AccountImporter(Importer):
    model = Account
    label = "account"
    references = ("parent_id",)
    settable = (
        "name",
        "tax_id",
        "external_id",
        "source",
        "owner_id",
        "segment",
        "industry",
        "country",
        "website",
        "currency",
        "description",
        "goal_min_zone",
        "goal_max_zone",
        "forecast_client_index",
        "forecast_our_index",
        "parent_id",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.defaults = {
            "tax_id": "",
            "external_id": "",
            "source": "",
            "owner_id": None,
            "segment": "",
            "industry": "",
            "country": "",
            "website": "",
            "currency": "",
            "description": "",
            "goal_min_zone": Account._meta.get_field("goal_min_zone").default,
            "goal_max_zone": Account._meta.get_field("goal_max_zone").default,
            "forecast_client_index": None,
            "forecast_our_index": None,
            "parent_id": None,
        }
        self.by_external: dict[tuple[str, str], int] = {}
        self.by_tax: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.names: dict[int, str] = {}
        self.externals: dict[int, tuple[str, str]] = {}
        self.parents: dict[int, int | None] = {}
        self.goals: dict[int, tuple[str, str]] = {}
        accounts = Account.objects.filter(workspace=self.workspace).values_list(
            "pk",
            "name",
            "tax_id",
            "external_id",
            "source",
            "parent_id",
            "goal_min_zone",
            "goal_max_zone",
        )
        for pk, name, tax_id, external_id, source, parent_id, low, high in accounts.iterator(
            chunk_size=5000
        ):
            self._index(pk, name, tax_id, external_id, source)
            self.parents[pk] = parent_id
            self.goals[pk] = (low, high)
        self.lines: dict[int, int] = {}  # Record key -> the line that imports it.

    def _index(self, pk: int, name: str, tax_id: str, external_id: str, source: str) -> None:
        if external_id:
            self.by_external[(source, external_id)] = pk
            self.externals[pk] = (source, external_id)
        add_unique(self.by_tax, tax_id, pk)
        add_unique(self.by_name, normal_name(name), pk)
        self.names[pk] = name

    def parse(self, cells, found):
        values: dict[str, Any] = {}
        name = self.cell(cells, "name", lambda cell: read.text(cell, 200), found, "accounts")
        if name:
            values["name"] = name
        for key, limit in ACCOUNT_TEXT.items():
            value = self.cell(
                cells, key, lambda cell, limit=limit: read.text(cell, limit), found, "accounts"
            )
            if value:
                values[key] = value
        website = self.cell(cells, "website", _website, found, "accounts")
        if website:
            values["website"] = website
        currency = self.cell(cells, "currency", read.currency, found, "accounts")
        if currency:
            values["currency"] = currency
        for key in ("goal_min_zone", "goal_max_zone"):
            zone = self.cell(cells, key, _zone, found, "accounts")
            if zone:
                values[key] = zone
        forecast = [
            self.cell(cells, key, self._position, found, "accounts")
            for key in ("forecast_client_index", "forecast_our_index")
        ]
        if (forecast[0] is None) != (forecast[1] is None):
            found.append(_("give both forecast positions, or leave both empty"))
        elif forecast[0] is not None:
            values["forecast_client_index"], values["forecast_our_index"] = forecast
        return values

    def _position(self, cell: Any) -> float:
        return read.number_between(cell, 0, 100, self.preset.locale)

    def read_row(self, row: TableRow, cells: dict[str, Any]) -> None:
        found = self.missing("accounts", cells)
        values = self.parse(cells, found)
        external_id = cell_text(cells.get("external_id"))[:100]
        source = cell_text(cells.get("source"))[:30] if "source" in cells else self.source
        planned = Planned(row.line, 0, values)
        if found:
            self.add(planned, found)
            return
        key = self._match(values, external_id, source, found)
        if key is None:
            self.add(planned, found)
            return
        planned.key = key
        if external_id and self.externals.get(key) is None:
            values["external_id"], values["source"] = external_id, source
        owner = self.owner(cells, row.line)
        if owner is not None:
            values["owner_id"] = owner
        for ref in ("parent", "parent_external_id"):
            if cell_text(cells.get(ref)):
                planned.refer(ref, cell_text(cells[ref]))
        if planned.refs:
            planned.refer("source", source)
        if key in self.lines:
            found.append(_("this account is already on line %(line)d") % {"line": self.lines[key]})
        else:
            self.lines[key] = row.line
            self._claim(key, values, external_id, source)
        self.add(planned, found)

    def _match(self, values, external_id: str, source: str, found: list[str]) -> int | None:
        """The key of the account the row is about (a new one if none); None and an
        error if it cannot be told or would merge two records."""
        name = values["name"]
        if external_id and (source, external_id) in self.by_external:
            key = self.by_external[(source, external_id)]
            other = self.by_name.get(normal_name(name))
            if other not in (None, key):
                found.append(_("another account is already called '%(name)s'") % {"name": name})
                return None
            return key
        candidates: list[tuple[int | None, str]] = []
        if values.get("tax_id"):
            candidates.append((self.by_tax.get(values["tax_id"]), _("tax ID")))
        candidates.append((self.by_name.get(normal_name(name)), _("name")))
        for candidate, by_what in candidates:
            if candidate is None:
                continue
            key = candidate
            if key == AMBIGUOUS:
                found.append(
                    _("several accounts have this %(what)s; give the row an external id")
                    % {"what": by_what}
                )
                return None
            theirs = self.externals.get(key)
            if external_id and theirs and theirs[0] == source and theirs[1] != external_id:
                found.append(
                    _(
                        "'%(name)s' is already the account with id %(theirs)s from %(source)s; "
                        "a record with another id is another client: rename one of them"
                    )
                    % {"name": self._name(key), "theirs": theirs[1], "source": source or "—"}
                )
                return None
            return key
        return self.new_key()

    def _claim(self, key: int, values, external_id: str, source: str) -> None:
        """Make a new account findable by the rows after it."""
        if key >= 0:
            return
        self._index(key, values["name"], values.get("tax_id", ""), external_id, source)
        self.parents[key] = None
        if external_id:
            values["external_id"], values["source"] = external_id, source

    def _name(self, key: int) -> str:
        return self.names.get(key, "")

    def resolve(self) -> None:
        """Find each row's parent and check the groups it makes: no cycle, at most
        MAX_GROUP_DEPTH levels; check each row's goal range."""
        for planned in self.planned:
            parent = self._parent_of(planned)
            if parent is False:
                continue
            if parent is not None:
                planned.values["parent_id"] = parent
                self.parents[planned.key] = parent
        self.children: dict[int, list[int]] = {}
        for key, parent in self.parents.items():
            if parent is not None:
                self.children.setdefault(parent, []).append(key)
        for planned in self.planned:
            if id(planned) in self.dropped:
                continue
            if "parent_id" in planned.values:
                problem = self._group_problem(planned.key)
                if problem:
                    self.drop(planned, problem)
            low, high = self.goals.get(
                planned.key, (self.defaults["goal_min_zone"], self.defaults["goal_max_zone"])
            )
            low = planned.values.get("goal_min_zone") or low
            high = planned.values.get("goal_max_zone") or high
            if ZONE_ORDER[low] > ZONE_ORDER[high]:
                self.drop(planned, _("the goal's lowest zone is above its highest"))

    def _parent_of(self, planned: Planned) -> int | bool | None:
        """The parent's key; None if the row names none; False (and the row dropped)
        if it names one that cannot be found."""
        refs = planned.refs or {}
        if "parent_external_id" in refs:
            key = self.by_external.get((refs["source"], refs["parent_external_id"]))
            if key is None and "parent" not in refs:
                self.drop(
                    planned,
                    _("no account has the parent's id %(id)s") % {"id": refs["parent_external_id"]},
                )
                return False
            if key is not None:
                return key
        if "parent" in refs:
            key = self.by_name.get(normal_name(refs["parent"]))
            if key is None or key == AMBIGUOUS:
                self.drop(
                    planned,
                    _("the parent account '%(name)s' is not found") % {"name": refs["parent"]},
                )
                return False
            return key
        return None

    def _group_problem(self, key: int) -> str | None:
        seen = [key]
        current = self.parents.get(key)
        while current is not None:
            if current in seen:
                return _("the parent accounts go round in a circle")
            seen.append(current)
            current = self.parents.get(current)
        if len(seen) + self._levels_below(key) > MAX_GROUP_DEPTH:
            return _("a group of companies has at most %(limit)d levels") % {
                "limit": MAX_GROUP_DEPTH
            }
        return None

    def _levels_below(self, key: int) -> int:
        """How many levels of children the account has (0 for none), within the limit."""
        levels, level = 0, [key]
        while level and levels <= MAX_GROUP_DEPTH:
            level = [child for parent in level for child in self.children.get(parent, ())]
            levels += bool(level)
        return levels

    def compare(self) -> None:
        super().compare()
        # A new account's currency is the workspace's, as in the form.
        for planned in self.planned:
            if planned.is_new:
                planned.values.setdefault("currency", self.workspace.default_currency.upper())

    def touched_accounts(self) -> list[int]:
        return [planned.key for planned in self.planned if planned.changes]

    def audited_account(self, planned: Planned) -> int | None:
        return planned.key


ZONE_ORDER = {zone: rank for rank, zone in enumerate(("reconsider", "maintain", "target", "key"))}


def _website(cell: Any) -> str:
    value = cell_text(cell)
    if "://" not in value:
        value = "https://" + value
    if len(value) > 200:
        raise read.CellError(_("the web address is longer than 200 characters"))
    if PLAIN_WEBSITE.fullmatch(value):
        return value  # Django's URLValidator would take it too; it costs ten times more.
    try:
        WEBSITE(value)
    except ValidationError:
        raise read.CellError(
            _("'%(value)s' is not a web address") % {"value": cell_text(cell)}
        ) from None
    return value


def _zone(cell: Any) -> str:
    value = cell_text(cell).lower()
    labels = {str(choice.label).lower(): choice.value for choice in ZoneChoice}
    value = labels.get(value, value)
    if value not in ZONES:
        raise read.CellError(
            _("'%(value)s' is not a zone (key, target, maintain or reconsider)")
            % {"value": cell_text(cell)}
        )
    return value


# Records of an account: contacts and opportunities --------------------------------


class AccountRecordImporter(Importer):
    """Contacts and opportunities: each row finds its account by the source's account
    id or by name, then its record by external id, else by `own_keys` within the account."""

    kind: ClassVar[str]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.account_by_external: dict[tuple[str, str], int] = {}
        self.account_by_name: dict[str, int] = {}
        accounts = Account.objects.filter(workspace=self.workspace).values_list(
            "pk", "name", "external_id", "source"
        )
        for pk, name, external_id, source in accounts.iterator(chunk_size=5000):
            if external_id:
                self.account_by_external[(source, external_id)] = pk
            add_unique(self.account_by_name, normal_name(name), pk)
        self.by_external: dict[tuple[str, str], int] = {}
        self.externals: dict[int, tuple[str, str]] = {}
        self.by_own_key: dict[tuple, int] = {}
        self.load()
        self.lines: dict[int, int] = {}
        self.accounts_touched: set[int] = set()

    def load(self) -> None:
        raise NotImplementedError

    def own_keys(self, account_id: int, values: dict[str, Any]) -> list[tuple]:
        raise NotImplementedError

    def index(self, pk: int, account_id: int, external_id: str, source: str, values) -> None:
        if external_id:
            self.by_external[(source, external_id)] = pk
            self.externals[pk] = (source, external_id)
        for key in self.own_keys(account_id, values):
            add_unique(self.by_own_key, key, pk)

    def account_of(self, cells: dict[str, Any], source: str, found: list[str]) -> int | None:
        external_id = cell_text(cells.get("account_external_id"))
        if external_id:
            pk = self.account_by_external.get((source, external_id))
            if pk is not None:
                return pk
        name = cell_text(cells.get("account"))
        if name:
            pk = self.account_by_name.get(normal_name(name))
            if pk == AMBIGUOUS:
                found.append(_("several accounts are called '%(name)s'") % {"name": name})
                return None
            if pk is not None:
                return pk
        found.append(
            _("no account '%(account)s' in this workspace: import the accounts first")
            % {"account": name or external_id}
        )
        return None

    def read_row(self, row: TableRow, cells: dict[str, Any]) -> None:
        found = self.missing(self.kind, cells)
        values = self.parse(cells, found)
        source = cell_text(cells.get("source"))[:30] if "source" in cells else self.source
        external_id = cell_text(cells.get("external_id"))[:100]
        account_id = self.account_of(cells, source, found) if not found else None
        planned = Planned(row.line, 0, values)
        if found or account_id is None:
            self.add(planned, found)
            return
        values["account_id"] = account_id
        key = None
        if external_id:
            key = self.by_external.get((source, external_id))
        if key is None:
            for own in self.own_keys(account_id, values):
                candidate = self.by_own_key.get(own)
                if candidate is None or candidate == AMBIGUOUS:
                    continue
                theirs = self.externals.get(candidate)
                if external_id and theirs and theirs[0] == source and theirs[1] != external_id:
                    continue  # Another record of the source: never merged.
                key = candidate
                break
        if key is None:
            key = self.new_key()
            if external_id:
                values["external_id"], values["source"] = external_id, source
            self.index(key, account_id, external_id, source, values)
        elif external_id and key not in self.externals:
            values["external_id"], values["source"] = external_id, source
            self.externals[key] = (source, external_id)
            self.by_external[(source, external_id)] = key
        planned.key = key
        self.more(planned, cells)
        if key in self.lines:
            found.append(_("this record is already on line %(line)d") % {"line": self.lines[key]})
        else:
            self.lines[key] = row.line
        self.accounts_touched.add(account_id)
        self.add(planned, found)

    def more(self, planned: Planned, cells: dict[str, Any]) -> None:
        """What else the row says (owner, references)."""

    def touched_accounts(self) -> list[int]:
        return sorted({planned.values["account_id"] for planned in self.planned if planned.changes})


class ContactImporter(AccountRecordImporter):
    model = Contact
    label = "contact"
    references = ("reports_to_id",)
    kind = "contacts"
    settable = (
        "account_id",
        "name",
        "title",
        "department",
        "email",
        "phone",
        "external_id",
        "source",
        "reports_to_id",
        "decision_role",
        "influence",
        "attitude",
        "language",
        "notes",
        "active",
    )
    defaults = {
        "title": "",
        "department": "",
        "email": "",
        "phone": "",
        "external_id": "",
        "source": "",
        "reports_to_id": None,
        "decision_role": "",
        "influence": Contact._meta.get_field("influence").default,
        "attitude": Attitude.NEUTRAL,
        "language": Language.EN,
        "notes": "",
        "active": True,
    }

    def load(self) -> None:
        contacts = Contact.objects.filter(workspace=self.workspace).values_list(
            "pk", "account_id", "name", "email", "external_id", "source"
        )
        for pk, account_id, name, email, external_id, source in contacts.iterator(chunk_size=5000):
            self.index(pk, account_id, external_id, source, {"name": name, "email": email})

    def own_keys(self, account_id, values):
        keys = []
        if values.get("email"):
            keys.append((account_id, "email", values["email"]))
        keys.append((account_id, "name", normal_name(values["name"])))
        return keys

    def parse(self, cells, found):
        values: dict[str, Any] = {}
        name = self.cell(cells, "name", lambda cell: read.text(cell, 150), found, "contacts")
        if not name:
            parts = [
                cell_text(cells.get(key)) for key in ("first_name", "middle_name", "last_name")
            ]
            name = " ".join(part for part in parts if part)
            if len(name) > 150:
                found.append(_("the name is longer than 150 characters"))
        values["name"] = name
        for key, limit in (("title", 150), ("department", 150), ("phone", 50)):
            value = self.cell(
                cells, key, lambda cell, limit=limit: read.text(cell, limit), found, "contacts"
            )
            if value:
                values[key] = value
        email = self.cell(cells, "email", read.email, found, "contacts")
        if email:
            values["email"] = email
        for key, choices in (
            ("decision_role", DecisionRole),
            ("attitude", Attitude),
            ("language", Language),
        ):
            value = self.cell(
                cells,
                key,
                lambda cell, choices=choices: read.choice(cell, choices),
                found,
                "contacts",
            )
            if value is not None:
                values[key] = value
        influence = self.cell(cells, "influence", self._influence, found, "contacts")
        if influence is not None:
            values["influence"] = influence
        notes = self.cell(cells, "notes", lambda cell: read.text(cell, 5000), found, "contacts")
        if notes:
            values["notes"] = notes
        active = self.cell(cells, "active", read.flag, found, "contacts")
        if active is not None:
            values["active"] = active
        return values

    def _influence(self, cell: Any) -> int:
        return int(read.number_between(cell, 1, 5, self.preset.locale))

    def more(self, planned, cells):
        for ref in ("reports_to", "reports_to_external_id"):
            if cell_text(cells.get(ref)):
                planned.refer(ref, cell_text(cells[ref]))
        if planned.refs:
            source = cell_text(cells.get("source")) if "source" in cells else self.source
            planned.refer("source", source)

    def resolve(self) -> None:
        for planned in self.planned:
            refs = planned.refs
            if not refs:
                continue
            manager = None
            if "reports_to_external_id" in refs:
                manager = self.by_external.get((refs["source"], refs["reports_to_external_id"]))
            if manager is None and "reports_to" in refs:
                manager = self.by_own_key.get(
                    (planned.values["account_id"], "name", normal_name(refs["reports_to"]))
                )
            if manager is None or manager == AMBIGUOUS:
                if "reports_to" in refs or "reports_to_external_id" in refs:
                    self.outcome.warn(
                        planned.line,
                        _("the person they report to (%(who)s) is not found; left as it is")
                        % {"who": refs.get("reports_to") or refs.get("reports_to_external_id")},
                    )
                continue
            if manager == planned.key:
                self.outcome.warn(
                    planned.line, _("a person cannot report to themselves; left as it is")
                )
                continue
            planned.values["reports_to_id"] = manager


class OpportunityImporter(AccountRecordImporter):
    model = Opportunity
    label = "opportunity"
    kind = "opportunities"
    settable = (
        "account_id",
        "name",
        "amount",
        "currency",
        "stage",
        "probability",
        "expected_close",
        "status",
        "owner_id",
        "external_id",
        "source",
    )
    defaults = {"stage": "", "owner_id": None, "external_id": "", "source": ""}

    def load(self) -> None:
        self.currencies = dict(
            Account.objects.filter(workspace=self.workspace).values_list("pk", "currency")
        )
        opportunities = Opportunity.objects.filter(workspace=self.workspace).values_list(
            "pk", "account_id", "name", "external_id", "source"
        )
        for pk, account_id, name, external_id, source in opportunities.iterator(chunk_size=5000):
            self.index(pk, account_id, external_id, source, {"name": name})

    def own_keys(self, account_id, values):
        return [(account_id, normal_name(values["name"]))]

    def parse(self, cells, found):
        locale = self.preset.locale
        values: dict[str, Any] = {}
        name = self.cell(cells, "name", lambda cell: read.text(cell, 200), found, "opportunities")
        values["name"] = name or ""
        amount = self.cell(
            cells, "amount", lambda cell: read.amount(cell, locale), found, "opportunities"
        )
        if amount is not None:
            if amount < 0:
                found.append(_("the amount is below zero"))
            values["amount"] = amount.quantize(Decimal("0.01"))
        currency = self.cell(cells, "currency", read.currency, found, "opportunities")
        if currency is None and "amount" in cells:
            currency = read.currency_in(cell_text(cells["amount"])) or self.header_currency
        if currency:
            values["currency"] = currency
        stage = self.cell(cells, "stage", lambda cell: read.text(cell, 100), found, "opportunities")
        if stage:
            values["stage"] = stage
        close = self.cell(
            cells, "expected_close", lambda cell: read.day(cell, locale), found, "opportunities"
        )
        if close:
            values["expected_close"] = close
        status = self._status(cells, found)
        if status:
            values["status"] = status
        probability = self.cell(
            cells, "probability", lambda cell: read.percent(cell, locale), found, "opportunities"
        )
        if status == OpportunityStatus.WON:
            probability = 100
        elif status == OpportunityStatus.LOST:
            probability = 0
        if probability is None:
            probability = self.options.probability
        values["probability"] = probability
        return values

    header_currency: str | None = None

    def _status(self, cells, found) -> str | None:
        """What the row says of the status; None if it says nothing (a new record is open)."""
        is_closed = self.cell(cells, "is_closed", read.flag, found, "opportunities")
        is_won = self.cell(cells, "is_won", read.flag, found, "opportunities")
        if is_closed is not None or is_won is not None:
            if is_won:
                return OpportunityStatus.WON
            return OpportunityStatus.LOST if is_closed else OpportunityStatus.OPEN
        for key in ("status", "stage"):
            if key in cells:
                status = read.status(cells[key])
                if status:
                    return status
                if key == "status":
                    found.append(
                        _("'%(value)s' is not a status (open, won or lost)")
                        % {"value": cell_text(cells[key])}
                    )
        return None

    def more(self, planned, cells):
        owner = self.owner(cells, planned.line)
        if owner is not None:
            planned.values["owner_id"] = owner
        values = planned.values
        if planned.key < 0:
            values.setdefault("status", OpportunityStatus.OPEN)
        if "currency" not in values and planned.key < 0:
            values["currency"] = (
                self.currencies.get(values["account_id"]) or self.workspace.default_currency
            ).upper()
        if values["probability"] is None:
            if planned.key < 0:
                values["probability"] = 0
                self.outcome.warn(
                    planned.line,
                    _(
                        "no probability: the opportunity counts 0 in the weighted pipeline "
                        "until you set one"
                    ),
                )
            else:
                values.pop("probability")


def _other_record_type(cells: dict[str, Any], record_types: tuple[str, ...] | None) -> bool:
    """Whether the row holds another kind of record (amoCRM's companies and contacts)."""
    if not record_types or "record_type" not in cells:
        return False
    return cell_text(cells["record_type"]).casefold() not in record_types


IMPORTERS: dict[str, type[Importer]] = {
    "accounts": AccountImporter,
    "contacts": ContactImporter,
    "opportunities": OpportunityImporter,
}


def records_import(
    *,
    run: ImportRun,
    rows: Iterator[TableRow],
    mapping: dict[int, str],
    preset: Preset,
    options: Options,
    outcome: Outcome,
    header: tuple[str, ...] = (),
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Import the rows (after the header) of one kind; see the module's doc."""
    importer = IMPORTERS[run.kind](
        workspace=run.workspace, preset=preset, options=options, outcome=outcome
    )
    if isinstance(importer, OpportunityImporter):
        amount_column = next((index for index, key in mapping.items() if key == "amount"), None)
        if amount_column is not None and amount_column < len(header):
            importer.header_currency = read.currency_in(header[amount_column])
    record_types = preset.record_types.get(run.kind)
    for row in rows:
        cells = importer.row_values(row, mapping)
        if _other_record_type(cells, record_types):
            continue
        outcome.rows += 1
        cast(Any, importer).read_row(row, cells)
        if progress and outcome.rows % PROGRESS_EVERY == 0:
            progress(outcome.rows)
    importer.resolved()
    importer.compare()
    if options.dry_run or (outcome.errors and not options.good_rows):
        return outcome
    with transaction.atomic():
        touched = importer.write(run)
        if touched:
            accounts_changed.send(
                sender=Account, account_ids=touched, workspace_id=run.workspace_id
            )
    outcome.imported = True
    return outcome
