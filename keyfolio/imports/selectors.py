"""Reads of the import log, for the wizard's pages: never the kept file's bytes unless
the page reads the file."""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404

from keyfolio.imports.models import ImportRun
from keyfolio.workspaces.models import Workspace


def runs_of(workspace: Workspace) -> QuerySet[ImportRun]:
    """The workspace's imports, the latest first, with who started them and whether
    the file is still kept (`kept`), but not the file itself."""
    return (
        ImportRun.objects.filter(workspace=workspace)
        .select_related("created_by", "undone_by")
        .defer("file", "mapping")
        .annotate(kept=ExpressionWrapper(Q(file__isnull=False), output_field=BooleanField()))
    )


def run_for(workspace: Workspace, pk: int, *, with_file: bool = False) -> ImportRun:
    """One import of the workspace, or a 404; the kept file only if asked for."""
    if with_file:
        return get_object_or_404(
            ImportRun.objects.select_related("workspace"), pk=pk, workspace=workspace
        )
    return get_object_or_404(runs_of(workspace), pk=pk)
