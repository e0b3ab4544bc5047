"""The survey e-mail and its reminder: personal (from the colleague who sent it, in the
name of the workspace), in the contact's language, as text with an HTML alternative made
from templates/surveys/email/. HTML e-mail clients ignore stylesheets: inline styles."""

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from keyfolio.surveys.models import Invitation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def survey_links(token: str) -> dict[str, str]:
    return {
        "survey_url": absolute(reverse("surveys_public:answer", args=[token])),
        "opt_out_url": absolute(reverse("surveys_public:opt_out", args=[token])),
    }


def _sender(invitation: Invitation) -> tuple[str, str]:
    """The sender's name and the From header: the colleague's name, the workspace's
    name, the server's address (we may not send as the colleague's own domain)."""
    name = invitation.sent_by.full_name or invitation.sent_by.email if invitation.sent_by else ""
    display = f"{name} · {invitation.workspace.name}" if name else invitation.workspace.name
    return name, str(
        Address(display_name=display, addr_spec=parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    )


def invitation_message(
    invitation: Invitation, *, token: str, reminder: bool = False
) -> EmailMultiAlternatives:
    sender_name, from_header = _sender(invitation)
    language = invitation.language
    with translation.override(language):
        context = {
            **survey_links(token),
            "invitation": invitation,
            "workspace": invitation.workspace,
            "sender_name": sender_name,
            "survey_name": invitation.template.name_in(language),
            "reminder": reminder,
            "language": language,
            "expires_on": invitation.expires_at,
        }
        if reminder:
            subject = _("Reminder: %(workspace)s would value your opinion")
        else:
            subject = _("%(workspace)s would value your opinion: a two-minute survey")
        message = EmailMultiAlternatives(
            subject=subject % {"workspace": invitation.workspace.name},
            body=render_to_string("surveys/email/invitation.txt", context),
            from_email=from_header,
            to=[invitation.email],
            reply_to=[invitation.sent_by.email] if invitation.sent_by else None,
            headers={
                "Content-Language": language,
                "List-Unsubscribe": f"<{context['opt_out_url']}>",
            },
        )
        message.attach_alternative(
            render_to_string("surveys/email/invitation.html", context), "text/html"
        )
    return message
