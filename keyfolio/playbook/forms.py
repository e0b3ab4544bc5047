from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.method.playbook import Check
from keyfolio.playbook import texts
from keyfolio.playbook.models import PlaybookSettings, Recommendation

CRITERION_PREFIX, CHECK_PREFIX = "criterion:", "check:"


def _label(field: str):
    return capfirst(Recommendation._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


class PlaybookSettingsForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PlaybookSettings
        fields = [
            "executive_contact_days",
            "strategy_review_days",
            "satisfaction_days",
            "survey_window_days",
            "intelligence_days",
            "assessment_days",
            "warning_days",
            "grace_days",
        ]


class SnoozeForm(BootstrapMixin, forms.Form):
    # The dates and the reason are checked by the service (keyfolio.playbook.services.
    # check_snooze), so that every interface gets the same message.
    until = forms.DateField(
        label=_("Snooze until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Why can it wait?"), required=False, max_length=300)

    @classmethod
    def for_check(cls, data, account_id: int, check_key: str) -> "SnoozeForm":
        return cls(data, auto_id=f"snooze-{account_id}-{check_key}-%s")


class RecommendationForm(VersionedForm, BootstrapMixin, forms.Form):
    # Texts are checked by the service (empty, too long), so that every interface
    # gets the same message.
    text_en = forms.CharField(label=_label("text_en"), required=False)
    text_ru = forms.CharField(label=_label("text_ru"), required=False)
    position = forms.IntegerField(label=_label("position"), min_value=0, max_value=32767)
    active = forms.BooleanField(label=_label("active"), required=False)

    @classmethod
    def for_item(cls, data, item: Recommendation) -> "RecommendationForm":
        initial = {name: getattr(item, name) for name in cls.base_fields}
        return cls(data, initial=initial, auto_id=f"rec-{item.pk}-%s", version_of=item)


def key_choices(criteria) -> list:
    """The select's groups: the workspace's criteria, then the checks."""
    return [
        ("", "—"),
        (_("Criteria"), [(f"{CRITERION_PREFIX}{c.key}", c.label) for c in criteria]),
        (
            _("Checks"),
            [(f"{CHECK_PREFIX}{check.value}", texts.check_name(check)) for check in Check],
        ),
    ]


class NewRecommendationForm(BootstrapMixin, forms.Form):
    key = forms.ChoiceField(label=_("Criterion or check"))
    text_en = forms.CharField(label=_label("text_en"), required=False)
    text_ru = forms.CharField(label=_label("text_ru"), required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = key_choices(criteria)

    def service_arguments(self) -> dict[str, str]:
        """The cleaned data as recommendation_create takes it."""
        key = self.cleaned_data["key"]
        return {
            "criterion_key": key.removeprefix(CRITERION_PREFIX)
            if key.startswith(CRITERION_PREFIX)
            else "",
            "check_key": key.removeprefix(CHECK_PREFIX) if key.startswith(CHECK_PREFIX) else "",
            "text_en": self.cleaned_data["text_en"],
            "text_ru": self.cleaned_data["text_ru"],
        }
