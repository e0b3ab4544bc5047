from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
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


class ProfileForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]


class PasswordForm(BootstrapMixin, PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        # The profile form comes first on the page; it keeps the focus.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def clean_old_password(self):
        """The old password is checked as a log-in is, so that guessing it here counts
        towards the same lock-out as guessing it on the login page (django-axes)."""
        old_password = self.cleaned_data["old_password"]
        email = self.user.get_username()
        if authenticate(self.request, username=email, password=old_password) != self.user:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class NewPasswordForm(BootstrapMixin, SetPasswordForm):
    pass
