"""The playbook's tests read the stored checks, which are refreshed when a transaction
commits (keyfolio.playbook.receivers). A test's transaction never commits, so:

- `world` is the shared world as it would be once committed: its accounts' checks are
  stored;
- a test that writes afterwards wraps the writes in
  `django_capture_on_commit_callbacks(execute=True)`, whose end runs what the commit
  would run.
"""

import pytest

from keyfolio.playbook.receivers import refresh_marked


@pytest.fixture
def world(world):
    refresh_marked()
    return world
