from keyfolio.notifications.commands import SendCommand
from keyfolio.notifications.services import digests_send
from keyfolio.notifications.tasks import send_weekly_digests


class Command(SendCommand):
    help = (
        "Send this week's digest to every manager and above with something to report "
        "(once per person and ISO week, however often it runs)."
    )
    task = send_weekly_digests
    send = staticmethod(digests_send)
