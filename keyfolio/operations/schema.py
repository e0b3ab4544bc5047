"""The schema state of a database: its applied migrations, next to those this code knows.

Django records every applied migration in the `django_migrations` table, so a database
(and a backup of it) carries its own schema state; these helpers compare it with the
migration files of this version of Keyfolio.
"""

from collections.abc import Iterable

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# (app label, migration name), as `django_migrations` stores it.
Migration = tuple[str, str]


def known_migrations() -> set[Migration]:
    """Every migration in this code's migration folders, applied or not."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unknown_migrations(applied: Iterable[Migration]) -> list[Migration]:
    """The applied migrations this code does not have: the database, or the backup,
    comes from a newer Keyfolio."""
    return sorted(set(applied) - known_migrations())


def applied_migrations(connection: BaseDatabaseWrapper) -> set[Migration]:
    return set(MigrationRecorder(connection).applied_migrations())


def pending_migrations(connection: BaseDatabaseWrapper) -> list[Migration]:
    """The migrations `migrate` would apply to this database, in order."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, _backwards in plan]


def migration_names(migrations: Iterable[Migration]) -> str:
    return ", ".join(f"{app}.{name}" for app, name in migrations)
