"""The forms of the surveys: the public answer form (one field per question, in the
contact's language), the send forms, the workspace's survey settings and the
questionnaire builder (the survey's name and introduction, one question)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import ZoneChoice
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys.models import (
    Question,
    QuestionKind,
    SurveySettings,
    SurveyTemplate,
)
from keyfolio.surveys.services import QuestionDraft

TEXT_MAX_LENGTH = 4000


def _field(question: Question, language: str) -> forms.Field:
    label = question.text_in(language)
    required = question.required
    if question.scale is not None:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            choices=[(n, str(n)) for n in question.scale],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
        )
    choices = list(enumerate(question.choices_in(language)))
    if question.kind == QuestionKind.SINGLE:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            label=label,
            required=required,
            choices=choices,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    """One field per question, `q<id>`, labelled in `language`."""

    def __init__(self, *args, questions: list[Question], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = _field(question, language)
            field.question = question  # type: ignore[attr-defined]
            self.fields[f"q{question.pk}"] = field

    def values(self) -> dict[int, Any]:
        """The cleaned answers by question id."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class ContactsForm(forms.Form):
    """The contacts of one account to survey: those with an e-mail address can be ticked."""

    contacts = forms.ModelMultipleChoiceField(
        label=_("Who"),
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Tick at least one person.")},
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this account's people: a contact of another account (or workspace) posted
        # here is "not one of the available choices".
        field = self.fields["contacts"]
        field.queryset = Contact.objects.filter(account=account, active=True).order_by("name")  # type: ignore[attr-defined]
        field.label_from_instance = _contact_label  # type: ignore[attr-defined]


def _contact_label(contact: Contact) -> str:
    return f"{contact.name} · {contact.email}" if contact.email else contact.name


class AudienceForm(BootstrapMixin, forms.Form):
    """The decision-makers of a zone or of a segment, among the accounts one sees."""

    zone = forms.ChoiceField(label=_("Zone"), required=False)
    segment = forms.ChoiceField(label=_("Segment"), required=False)

    def __init__(self, *args, segments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", _("Any zone")), *ZoneChoice.choices]  # type: ignore[attr-defined]
        self.fields["segment"].choices = [("", _("Any segment")), *((s, s) for s in segments)]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        if not data.get("zone") and not data.get("segment"):
            raise forms.ValidationError(_("Choose a zone, a segment or both."))
        return data


class SurveySettingsForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SurveySettings
        fields = ["quiet_days", "expiry_days", "reminder_days"]


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def choice_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SurveyTemplateForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    """The survey's name and introduction. Unbound to an instance: the service decides
    whether the edit changes this version or makes the next one."""

    class Meta:
        model = SurveyTemplate
        fields = ["name_en", "name_ru", "intro_en", "intro_ru"]
        widgets = {
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "intro_ru": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    """One question of the builder, in English and Russian, versioned by what it shows
    of the question (`version_of`) in the current version of the survey."""

    version_kind = "question"

    class Meta:
        model = Question
        fields = ["kind", "required", "text_en", "text_ru", "choices_en", "choices_ru"]
        widgets = {
            "choices_en": forms.Textarea(attrs={"rows": 4}),
            "choices_ru": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "choices_en": _("For a choice question: one choice a line."),
            "choices_ru": _("The same choices in the same order, one a line."),
        }

    def version_id(self) -> object:
        # A question is copied into each new version of a sent survey: all copies are one.
        return self.version_of.lineage if isinstance(self.version_of, Question) else ""

    def clean(self):
        data = super().clean() or {}
        kind = data.get("kind")
        english = choice_lines(data.get("choices_en", ""))
        russian = choice_lines(data.get("choices_ru", ""))
        if kind not in CHOICE_KINDS:
            # A rating or text question has no choices: none is kept from a kind before.
            data["choices_en"] = data["choices_ru"] = ""
            return data
        if len(english) < 2:
            self.add_error("choices_en", _("Give at least two choices, one a line."))
        elif russian and len(russian) != len(english):
            self.add_error(
                "choices_ru",
                _("Give as many Russian choices as English ones (%(count)d), or none.")
                % {"count": len(english)},
            )
        data["choices_en"] = "\n".join(english)
        data["choices_ru"] = "\n".join(russian)
        return data

    def draft(self) -> QuestionDraft:
        data = self.cleaned_data
        return QuestionDraft(
            kind=data["kind"],
            text_en=data["text_en"],
            text_ru=data["text_ru"],
            choices_en=data["choices_en"],
            choices_ru=data["choices_ru"],
            required=data["required"],
        )


def question_initial(question: Question | QuestionDraft) -> dict[str, Any]:
    return {name: getattr(question, name) for name in QuestionForm.Meta.fields}
