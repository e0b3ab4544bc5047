"""The e-mails themselves: the weekly digest and the daily reminders as Django messages,
in the recipient's language (User.language), with a plain-text body and an HTML
alternative made from the templates in templates/notifications/.

E-mail clients ignore stylesheets and CSS variables, so the HTML carries inline styles;
the zone colours come from keyfolio.core.palette, as the web pages' do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from keyfolio.accounts.models import ZoneChoice
from keyfolio.core.palette import ZONE_COLOURS
from keyfolio.method import Zone
from keyfolio.notifications.selectors import Digest, Line, Part, Reminders, ZoneChange
from keyfolio.workspaces.models import Membership

STATUS_COLOURS = {"red": "#d63939", "amber": "#f59f00", "action": "#2f6fde"}


@dataclass(frozen=True)
class ZoneBadge:
    label: Promise  # lazy: the template renders it in the member's language
    background: str
    colour: str


def zone_badge(zone: str) -> ZoneBadge | None:
    """A zone badge's words and inline colours, or None for an account not placed."""
    if not zone:
        return None
    colours = ZONE_COLOURS[Zone(zone)]
    return ZoneBadge(ZoneChoice(zone).label, colours.colour, colours.badge_text)


def language_of(membership: Membership) -> str:
    return membership.user.language or settings.LANGUAGE_CODE


def _message(
    membership: Membership, *, subject: Callable[[], str], template: str, context: dict
) -> EmailMultiAlternatives:
    """A message to the member in their language: the subject, the text body and the
    HTML alternative are all made under translation.override."""
    language = language_of(membership)
    with translation.override(language):
        context = {
            **context,
            "language": language,
            "workspace": membership.workspace,
            "user": membership.user,
        }
        message = EmailMultiAlternatives(
            subject=subject(),
            body=render_to_string(f"notifications/{template}.txt", context),
            to=[membership.user.email],
            headers={"Content-Language": language},
        )
        message.attach_alternative(
            render_to_string(f"notifications/{template}.html", context), "text/html"
        )
    return message


# --- The weekly digest -------------------------------------------------------------------


@dataclass(frozen=True)
class AccountLines:
    """The lines of one account within a section, under the account's name."""

    name: str
    url: str
    zone: ZoneBadge | None
    lines: list[Line]


@dataclass(frozen=True)
class Section:
    """One group of the digest as the templates show it. Checks come under their
    account; actions are a list of their own (keyfolio.notifications.selectors bounds
    both)."""

    key: str  # "red", "amber" or "action"
    title: Promise  # translated when the template renders it
    colour: str
    accounts: list[AccountLines]
    actions: list[Line]
    more: int  # how many accounts, or actions, are left out


def _by_account(lines: list[Line]) -> list[AccountLines]:
    """The lines grouped by account, the accounts in the order of their first line (the
    attention list's order: the most urgent and important first)."""
    groups: dict[int, AccountLines] = {}
    for line in lines:
        account = line.item.account
        if account.pk not in groups:
            assessment = account.current_assessment
            zone = zone_badge(assessment.zone if assessment is not None else "")
            groups[account.pk] = AccountLines(account.name, line.url, zone, [])
        groups[account.pk].lines.append(line)
    return list(groups.values())


def _checks_section(key: str, title: Promise, part: Part) -> Section | None:
    if not part.lines:
        return None
    return Section(key, title, STATUS_COLOURS[key], _by_account(part.lines), [], part.more)


def _actions_section(title: Promise, part: Part) -> Section | None:
    if not part.lines:
        return None
    return Section("action", title, STATUS_COLOURS["action"], [], part.lines, part.more)


def _zone_change_row(change: ZoneChange) -> dict[str, Any]:
    move = change.row.move
    return {
        "account": change.row.name,
        "url": change.url,
        "before": zone_badge(move.start.zone.value),
        "after": zone_badge(move.end.zone.value),
        "up": change.moved_up,
    }


def digest_subject(digest: Digest) -> str:
    count = digest.accounts_needing_attention
    if count:
        return ngettext(
            "Keyfolio · your week: %(count)d account needs you",
            "Keyfolio · your week: %(count)d accounts need you",
            count,
        ) % {"count": count}
    moved = len(digest.zone_changes)
    return ngettext(
        "Keyfolio · your week: %(count)d account changed zone",
        "Keyfolio · your week: %(count)d accounts changed zone",
        moved,
    ) % {"count": moved}


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    sections = [
        _checks_section("red", _("Needs you now"), digest.red),
        _checks_section("amber", _("Coming up"), digest.amber),
        _actions_section(_("Actions due this week"), digest.actions),
    ]
    context = {
        "digest": digest,
        "sections": [section for section in sections if section is not None],
        "zone_changes": [_zone_change_row(change) for change in digest.zone_changes],
    }
    return _message(
        digest.membership,
        subject=lambda: digest_subject(digest),
        template="digest",
        context=context,
    )


# --- The daily reminders -----------------------------------------------------------------


def reminders_subject(reminders: Reminders) -> str:
    return ngettext(
        "Keyfolio · %(count)d reminder for today",
        "Keyfolio · %(count)d reminders for today",
        reminders.count,
    ) % {"count": reminders.count}


def reminders_message(reminders: Reminders) -> EmailMultiAlternatives:
    return _message(
        reminders.membership,
        subject=lambda: reminders_subject(reminders),
        template="reminders",
        context={"reminders": reminders, "colours": STATUS_COLOURS},
    )
