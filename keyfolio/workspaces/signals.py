"""What the workspaces app tells the apps above it.

The apps above (assessments, plans, playbook, accounts) know workspaces; workspaces
knows none of them. Where a workspace's life matters to them, it sends a signal and
they connect to it in their AppConfig.ready, so the imports keep one direction.
Both signals are sent inside the transaction of the write, so that what a receiver
does is undone with it.
"""

from django.dispatch import Signal

# Sent by services.workspace_create once the workspace and its owner's membership
# exist, with `workspace` and `owner`: the apps create their defaults (the
# methodology, the plan questions, the playbook settings).
workspace_created = Signal()

# Sent by services.membership_remove before the membership is deleted, with
# `membership`: a receiver may refuse by raising ValidationError (nothing is removed),
# or tidy up what the person leaves behind in the workspace.
membership_removing = Signal()
