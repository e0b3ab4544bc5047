"""The `keyfolio` console command.

Each subcommand is a Django management command of the same name (dashes become
underscores: `keyfolio import-scores` runs `import_scores`), so the CLI, `manage`
and the tests share one implementation. `keyfolio manage ...` reaches every
Django management command.
"""

import os
import sys

from keyfolio.audit.context import Via, acting

COMMANDS = {
    "init": "Create or migrate the database, a workspace and an admin.",
    "demo": "Load a realistic demo portfolio.",
    "import": "Import accounts, contacts, opportunities, revenue or scores from a CRM's export.",
    "import-scores": "Import assessments from a CSV or XLSX file.",
    "import-revenue": "Import monthly revenue from a CSV or XLSX file.",
    "portfolio": "Print every account with its current assessment (JSON, CSV or XLSX).",
    "export-scores": "Write every assessment as a CSV or XLSX file that import-scores reads.",
    "export-revenue": "Write monthly revenue as a CSV or XLSX file that import-revenue reads.",
    "export": "Write accounts, contacts, opportunities, plans... or the scoring sheet (CSV/XLSX).",
    "attention": "Print what needs attention this week, for a member or the workspace (JSON).",
    "refresh-attention": "Compute the stored playbook checks of the attention list again.",
    "brief": "Write an account's one-page meeting brief as a PDF.",
    "meeting": "Print a meeting's call plan as the dossier suggests it (JSON).",
    "portfolio-report": "Write the portfolio report for a quarterly review as a PDF.",
    "survey": "Send a satisfaction survey to a contact, or print an account's results (JSON).",
    "createuser": "Create a user and add them to a workspace.",
    "token": "Create, revoke or list personal API tokens for the REST API.",
    "reset-2fa": "Turn off a person's two-factor log-in (lost phone and recovery codes).",
    "serve": "Serve Keyfolio with a production-style server.",
    "worker": "Run background tasks and send the reminder and digest e-mails on time.",
    "send-digests": "Send this week's digest e-mails (queued, or --now).",
    "send-reminders": "Send today's reminder e-mails (queued, or --now).",
    "backup": "Back up the database to a file, while Keyfolio runs.",
    "restore": "Replace the database with a backup (asks first).",
    "check-db": "Check the database's integrity, references and migrations.",
    "manage": "Run any Django management command.",
}


def usage() -> str:
    lines = ["usage: keyfolio COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<17} {text}" for name, text in COMMANDS.items()]
    lines += ["", "`keyfolio COMMAND --help` tells more about each."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        print(f"keyfolio: unknown command '{command}'\n\n{usage()}", file=sys.stderr)
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
    from django.core.management import execute_from_command_line

    # The audit trail records what a command changes as done from the command line.
    with acting(via=Via.CLI, source=f"keyfolio {command}"):
        if command == "manage":
            execute_from_command_line(["keyfolio manage", *rest])
        else:
            execute_from_command_line(["keyfolio", command.replace("-", "_"), *rest])


if __name__ == "__main__":
    main()
