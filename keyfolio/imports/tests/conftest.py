"""Fixtures of the import tests: running the queued tasks as `keyfolio worker` would."""

from pathlib import Path

from django_tasks_db.models import DBTaskResult

FIXTURES = Path(__file__).parent / "fixtures"


def run_queued_tasks() -> int:
    """Run every task that is due now, as `keyfolio worker` would; how many ran."""
    ran = 0
    for result in DBTaskResult.objects.ready():
        args_kwargs = result.args_kwargs
        result.task.call(*args_kwargs["args"], **args_kwargs["kwargs"])
        result.delete()
        ran += 1
    return ran
