"""A workspace's playbook thresholds and its catalog of recommended actions, as read.

Both are created with the workspace (keyfolio.playbook.services.playbook_create_default);
a workspace made before the playbook existed gets them the first time they are read,
so that no data migration is needed.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from keyfolio.assessments.models import Criterion
from keyfolio.method.playbook import CHECK_RULE, Check
from keyfolio.method.recommendations import rule_for
from keyfolio.playbook import texts
from keyfolio.playbook.models import PlaybookSettings, Recommendation
from keyfolio.playbook.services import recommendations_create_default
from keyfolio.workspaces.models import Workspace


def playbook_settings_for(workspace: Workspace) -> PlaybookSettings:
    """The workspace's thresholds (one query; created with the defaults if missing)."""
    settings, _created = PlaybookSettings.objects.get_or_create(workspace=workspace)
    return settings


@dataclass
class Catalog:
    """A workspace's active suggestions, by criterion key and by check key, in order."""

    by_criterion: dict[str, list[Recommendation]] = field(default_factory=dict)
    by_check: dict[str, list[Recommendation]] = field(default_factory=dict)

    def for_criterion(self, key: str) -> list[Recommendation]:
        return self.by_criterion.get(key, [])

    def for_check(self, key: str) -> list[Recommendation]:
        return self.by_check.get(key, [])

    def first_for_check(self, key: str) -> Recommendation | None:
        """The suggested next step for a failed check: the first in the admin's order."""
        suggestions = self.for_check(key)
        return suggestions[0] if suggestions else None


def catalog_for(workspace: Workspace) -> Catalog:
    """The workspace's active suggestions (one query; the default catalog is copied in
    first if the workspace has none at all, retired ones included)."""
    rows = list(Recommendation.objects.filter(workspace=workspace))
    if not rows:
        rows = recommendations_create_default(workspace=workspace)
    by_criterion: dict[str, list[Recommendation]] = defaultdict(list)
    by_check: dict[str, list[Recommendation]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.position, r.pk)):
        if not row.active:
            continue
        if row.check_key:
            by_check[row.check_key].append(row)
        else:
            by_criterion[row.criterion_key].append(row)
    return Catalog(dict(by_criterion), dict(by_check))


@dataclass(frozen=True)
class CatalogGroup:
    """The suggestions for one criterion or one check, as the settings page lists them."""

    criterion_key: str
    check_key: str
    label: str
    rule: int | None
    items: list[Recommendation]


def catalog_groups(rows: list[Recommendation], criteria: list[Criterion]) -> list[CatalogGroup]:
    """Every suggestion (retired ones too) grouped: the criteria in the methodology's order,
    then the checks in the playbook's order, then keys no longer in use (a retired
    criterion), each group in the admin's order."""
    by_key: dict[tuple[str, str], list[Recommendation]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.position, r.pk)):
        by_key[(row.criterion_key, row.check_key)].append(row)
    groups = []
    for criterion in criteria:
        rule = rule_for(criterion_key=criterion.key)
        groups.append(
            CatalogGroup(
                criterion.key,
                "",
                criterion.label,
                None if rule is None else rule.value,
                by_key.pop((criterion.key, ""), []),
            )
        )
    for check in Check:
        rule = CHECK_RULE[check]
        groups.append(
            CatalogGroup(
                "",
                check.value,
                texts.check_name(check),
                None if rule is None else rule.value,
                by_key.pop(("", check.value), []),
            )
        )
    for (criterion_key, check_key), items in by_key.items():
        groups.append(
            CatalogGroup(criterion_key, check_key, criterion_key or check_key, None, items)
        )
    return groups
