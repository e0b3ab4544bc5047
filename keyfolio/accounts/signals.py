"""What the accounts app tells the apps above it about changes to accounts.

Single saves and deletes of the models the playbook reads are seen through Django's
model signals. Bulk writes (imports, bench data, `QuerySet.update`) bypass those, so
the code that makes them sends `accounts_changed` once per chunk, inside the
transaction of the write, with the ids of the accounts it touched.
"""

from django.dispatch import Signal

# Sent with `account_ids` (a collection of Account ids), and `workspace_id` when they are
# all of one workspace (optional), after a bulk write changed
# something about those accounts: their assessments, activities, plans, stakeholders,
# intelligence, revenue or actions. Receivers (the playbook's attention queue) bring
# what they derive from those accounts up to date once the transaction commits.
accounts_changed = Signal()
