from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from keyfolio.sso import config

register = template.Library()


@register.simple_tag
def sso_button_label() -> str:
    """The login page's single sign-on button, or "" when single sign-on is off."""
    if not config.enabled():
        return ""
    if settings.OIDC_PROVIDER_NAME:
        return _("Sign in with %(provider)s") % {"provider": settings.OIDC_PROVIDER_NAME}
    return _("Sign in with single sign-on")
