import os

from hypothesis import settings

# CI runs a fixed set of examples so that a red run can be reproduced; a developer's
# runs explore new examples each time.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("dev", database=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
