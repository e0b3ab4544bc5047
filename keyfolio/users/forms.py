from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from keyfolio.core.forms import BootstrapMixin
from keyfolio.users.models import User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's default adds that "both fields may be case-sensitive"; the e-mail is not.
        "invalid_login": _("Wrong e-mail or password. Please try again."),
    }


def login_username(request, credentials: dict | None) -> str:
    """The e-mail a log-in attempt is counted against, whatever its case, so that
    "Olga@Acme.test" and "olga@acme.test" share one lock-out (AXES_USERNAME_CALLABLE)."""
    if credentials:
        username = credentials.get("username") or ""
    else:
        username = request.POST.get("username", "")
    return username.strip().lower()


class ProfileForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]


class PasswordForm(BootstrapMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The profile form comes first on the page; it keeps the focus.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class NewPasswordForm(BootstrapMixin, SetPasswordForm):
    pass
