"""Export → import is lossless: Keyfolio's own exports of accounts, contacts and
opportunities import back unchanged, into the same workspace (nothing to do) and into
another one (the same files come out again)."""

import io
from datetime import date
from decimal import Decimal

from django.core.management import call_command

from keyfolio.accounts.models import Account
from keyfolio.conftest import add_member
from keyfolio.revenue.services import opportunity_create
from keyfolio.stakeholders.models import Attitude, DecisionRole
from keyfolio.stakeholders.services import contact_create
from keyfolio.workspaces.models import Role

KINDS = ("accounts", "contacts", "opportunities")


def export(workspace, kind, tmp_path) -> str:
    path = tmp_path / f"{workspace.slug}-{kind}.csv"
    call_command(
        "export", kind, "--workspace", workspace.slug, "--output", str(path), stdout=io.StringIO()
    )
    return path.read_text()


def import_file(workspace, kind, path) -> str:
    out = io.StringIO()
    call_command("import", kind, str(path), "--workspace", workspace.slug, stdout=out, stderr=out)
    return out.getvalue()


def fill(world) -> None:
    northwind = world.account
    northwind.tax_id, northwind.industry, northwind.currency = "7707083893", "Shipping", "EUR"
    northwind.forecast_client_index, northwind.forecast_our_index = 72.5, 40.0
    northwind.goal_min_zone, northwind.description = "maintain", '=HYPERLINK("x") is a name'
    northwind.save()
    child = Account.objects.create(
        workspace=world.workspace,
        name="Northwind Nordic",
        parent=northwind,
        owner=world.manager,
        website="https://nordic.example",
        currency="NOK",
        external_id="001A",
        source="salesforce",
    )
    boss = contact_create(
        account=northwind,
        name="Björn Berg",
        title="CEO",
        email="bjorn@northwind.example",
        decision_role=DecisionRole.DECISION_MAKER,
        influence=5,
        attitude=Attitude.SUPPORTER,
        language="ru",
        notes="Prefers mornings",
    )
    contact_create(account=northwind, name="Ann Lee", reports_to=boss, phone="+47 1234")
    opportunity_create(
        account=child,
        name="Fleet renewal",
        amount=Decimal("125000.50"),
        stage="Proposal",
        probability=60,
        expected_close=date(2027, 3, 31),
        owner=world.manager,
        external_id="006B",
        source="salesforce",
    )
    opportunity_create(
        account=northwind,
        name="Port cranes",
        amount=Decimal("9000"),
        status="won",
        expected_close=date(2026, 10, 1),
    )


def test_an_export_imports_back_into_its_workspace_changing_nothing(world, tmp_path):
    fill(world)
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(world.workspace, kind, tmp_path))
        out = import_file(world.workspace, kind, path)
        assert "0 created, 0 updated" in out, (kind, out)


def test_an_export_imported_into_another_workspace_exports_the_same(world, tmp_path):
    fill(world)
    add_member(world.other_workspace, world.manager, Role.MANAGER)
    for kind in KINDS:
        original = export(world.workspace, kind, tmp_path)
        path = tmp_path / f"{kind}.csv"
        path.write_text(original)
        import_file(world.other_workspace, kind, path)
        copied = export(world.other_workspace, kind, tmp_path)
        theirs = set(original.splitlines()) - set(copied.splitlines())
        # Globex had Initech already: its row is the only one the copy has besides.
        assert not theirs, (kind, theirs)
