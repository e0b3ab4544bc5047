from keyfolio.notifications.commands import SendCommand
from keyfolio.notifications.services import reminders_send
from keyfolio.notifications.tasks import send_reminders


class Command(SendCommand):
    help = (
        "Send today's reminders (actions due by tomorrow or overdue, assessments going "
        "stale) to the people they concern (once per person and day, however often it runs)."
    )
    task = send_reminders
    send = staticmethod(reminders_send)
