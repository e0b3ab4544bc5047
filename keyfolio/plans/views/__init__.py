"""The plan tab's pages and fragments: the plan itself (plan.py), its objectives, actions
and risks (register.py), and the workspace's question template (questions.py)."""
