"""The account's overview: the dossier's first tab, composed from the apps below it.

No models. The overview reads the account (accounts), its assessments and charts
(assessments), the summary cards of the other tabs (briefs), the playbook panel
(playbook) and the relationship stage (accounts); only this top-level app imports them
all, so that the apps it reads from stay free of each other. The frame of every tab
(header and tabs, keyfolio.accounts.dossier) stays with the account.
"""
