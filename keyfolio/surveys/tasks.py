"""The background tasks of the surveys (the Django tasks API; `keyfolio worker` runs
them). Both may run again (a retry, a second worker): each invitation is claimed by one
UPDATE before its e-mail goes out, so nobody gets the same e-mail twice."""

from django_tasks import task

from keyfolio.surveys.services import invitations_deliver, invitations_remind


@task()
def deliver_invitations(invitation_ids: list[int]) -> dict:
    """Send the survey e-mails of these invitations (queued by survey_send)."""
    return invitations_deliver(invitation_ids).as_dict()


@task()
def remind_invitations(invitation_ids: list[int]) -> dict:
    """The one reminder to those of these invitations who have not answered (queued by
    survey_send to run after the workspace's reminder delay)."""
    return invitations_remind(invitation_ids).as_dict()
