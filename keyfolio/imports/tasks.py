"""The background task of the web wizard (the Django tasks API; `keyfolio worker` runs
it): checking or importing a kept file, its progress written to the run as it goes."""

from django_tasks import task

from keyfolio.imports.services import run_work


@task()
def import_run(run_id: int, preset_name: str | None = None, saved_id: int | None = None) -> dict:
    """Check (a dry run) or import the file kept in the run (queued by run_queue)."""
    return run_work(run_id=run_id, preset_name=preset_name, saved_id=saved_id)
