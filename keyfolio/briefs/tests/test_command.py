import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from keyfolio.accounts.models import Account


def test_it_writes_the_brief_of_an_account_named_in_full(world, tmp_path):
    out = tmp_path / "brief.pdf"
    stdout = io.StringIO()
    call_command("brief", "northwind", "--pdf", str(out), "--workspace", "acme", stdout=stdout)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert "Northwind" in reader.pages[0].extract_text()
    assert "Wrote the brief of 'Northwind'" in stdout.getvalue()


def test_it_finds_an_account_by_id_and_writes_it_in_russian(world, tmp_path):
    out = tmp_path / "brief.pdf"
    call_command("brief", str(world.account.pk), "--pdf", str(out), "--lang", "ru",
                 "--workspace", "acme", stdout=io.StringIO())  # fmt: skip
    assert "Наша позиция" in PdfReader(out).pages[0].extract_text()


def test_it_writes_the_full_brief_with_the_answers_whole(rich, tmp_path):
    out = tmp_path / "brief.pdf"
    call_command("brief", "Northwind", "--pdf", str(out), "--full", "--workspace", "acme",
                 stdout=io.StringIO())  # fmt: skip
    reader = PdfReader(out)
    assert len(reader.pages) <= 2
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert text.count("mentioned in the minutes.") == 11


def test_it_finds_an_account_by_a_part_of_its_name(world, tmp_path):
    out = tmp_path / "brief.pdf"
    call_command("brief", "wind", "--pdf", str(out), "--workspace", "acme", stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF-")


def test_it_fails_clearly_on_an_unknown_account(world, tmp_path):
    out = tmp_path / "brief.pdf"
    with pytest.raises(CommandError, match="There is no account 'Globex' in 'acme'"):
        call_command("brief", "Globex", "--pdf", str(out), "--workspace", "acme")
    assert not out.exists()


def test_it_does_not_reach_into_another_workspace(world, tmp_path):
    out = tmp_path / "brief.pdf"
    with pytest.raises(CommandError, match="There is no account"):
        call_command("brief", str(world.foreign_account.pk), "--pdf", str(out),
                     "--workspace", "acme")  # fmt: skip


def test_it_lists_the_candidates_of_an_ambiguous_name(world, tmp_path):
    Account.objects.create(workspace=world.workspace, name="Northwind Logistics")
    with pytest.raises(CommandError, match=r"matches several accounts.*Northwind Logistics \(id"):
        call_command("brief", "North", "--pdf", str(tmp_path / "b.pdf"), "--workspace", "acme")


def test_it_needs_the_workspace_when_there_are_several(world, tmp_path):
    with pytest.raises(CommandError, match="several workspaces"):
        call_command("brief", "Northwind", "--pdf", str(tmp_path / "b.pdf"))


def test_it_fails_clearly_when_it_cannot_write_the_file(world, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot write .*missing/b\.pdf: No such file"):
        call_command("brief", "Northwind", "--pdf", str(tmp_path / "missing" / "b.pdf"),
                     "--workspace", "acme")  # fmt: skip
