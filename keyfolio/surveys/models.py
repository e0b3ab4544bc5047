"""Satisfaction surveys (rule 5 of the method): the client's own voice.

A **SurveyTemplate** is one version of a questionnaire of a workspace; templates with the
same `key` are the versions of one survey, and the highest version is the one sent.
Editing a version that has been sent makes the next version, so that every invitation
keeps the questions it was sent with, as assessments keep their methodology.

An **Invitation** is one survey sent to one contact of an account. Its link carries a
random token that is stored only as a SHA-256 hash (`token_hash`; a reminder carries a
second token, `reminder_token_hash`, so that either e-mail's link works). Its answer is
the **Answer** rows, one per question answered; the NPS and CSAT scores and the first
comment are kept on the invitation too, so that the figures of many accounts are one
query.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import Language
from keyfolio.workspaces.models import Workspace

DEFAULT_KEY = "relationship"


class SurveySettings(models.Model):
    """A workspace's rules for sending surveys."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="survey_settings"
    )
    quiet_days = models.PositiveSmallIntegerField(
        _("quiet period (days)"),
        default=90,
        validators=[MaxValueValidator(730)],
        help_text=_("A contact surveyed within this many days is not surveyed again."),
    )
    expiry_days = models.PositiveSmallIntegerField(
        _("links expire after (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind after (days)"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_("One reminder to those who have not answered; 0 sends none."),
    )

    class Meta:
        verbose_name = _("survey settings")

    def __str__(self) -> str:
        return f"{self.workspace} survey settings"


class SurveyTemplateQuerySet(models.QuerySet):
    def current_for(self, workspace: Workspace, key: str = DEFAULT_KEY) -> "SurveyTemplate":
        """The version of survey `key` that is sent now: the highest."""
        return self.filter(workspace=workspace, key=key).latest("version")


class SurveyTemplate(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=50, default=DEFAULT_KEY)
    version = models.PositiveIntegerField(_("version"), default=1)
    name_en = models.CharField(_("name (English)"), max_length=150)
    name_ru = models.CharField(_("name (Russian)"), max_length=150)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_ru = models.TextField(_("introduction (Russian)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["workspace", "key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "key", "version"], name="unique_survey_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_en} v{self.version}"

    def name_in(self, language: str) -> str:
        return self.name_ru if language == Language.RU and self.name_ru else self.name_en

    def intro_in(self, language: str) -> str:
        return self.intro_ru if language == Language.RU and self.intro_ru else self.intro_en


class QuestionKind(models.TextChoices):
    NPS = "nps", _("Recommendation 0–10 (NPS)")
    CSAT = "csat", _("Satisfaction 1–5 (CSAT)")
    RATING = "rating", _("Rating 1–5")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Text")


SCALES = {
    QuestionKind.NPS: range(0, 11),
    QuestionKind.CSAT: range(1, 6),
    QuestionKind.RATING: range(1, 6),
}


class Question(models.Model):
    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_ru = models.CharField(_("question (Russian)"), max_length=300)
    # One choice a line, in the same order in both languages.
    choices_en = models.TextField(_("choices (English)"), blank=True)
    choices_ru = models.TextField(_("choices (Russian)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # The question as first written, when this one is its copy in a later version: a page
    # about it left open across a new version still finds it (none: it is the first).
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.text_en

    def text_in(self, language: str) -> str:
        return self.text_ru if language == Language.RU and self.text_ru else self.text_en

    def choices_in(self, language: str) -> list[str]:
        """The choices' labels in `language`, falling back to English line by line."""
        english = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        russian = [line.strip() for line in self.choices_ru.splitlines() if line.strip()]
        if language != Language.RU:
            return english
        return [russian[i] if i < len(russian) else label for i, label in enumerate(english)]

    @property
    def lineage(self) -> int:
        """The same in every version's copy of this question."""
        return self.origin_id or self.pk

    @property
    def scale(self) -> range | None:
        return SCALES.get(QuestionKind(self.kind))

    @property
    def label(self) -> str:
        return self.text_in(translation.get_language() or "en")


class InvitationQuerySet(models.QuerySet):
    def answered(self) -> "InvitationQuerySet":
        return self.filter(answered_at__isnull=False)

    def for_accounts(self, accounts) -> "InvitationQuerySet":
        return self.filter(account__in=accounts)


class Invitation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="invitations")
    # A contact deleted later leaves the answers: its name and address stay here.
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    contact_name = models.CharField(max_length=150)
    email = models.EmailField()
    decision_role = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    reminder_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=300, blank=True)
    # The answer's headline figures, also among the Answer rows (see the module's doc).
    nps = models.PositiveSmallIntegerField(null=True, blank=True)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="invitation_account_idx"),
            models.Index(fields=["contact", "-created_at"], name="invitation_contact_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_name} · {self.account_id} · {self.created_at:%Y-%m-%d}"

    def is_open(self, now=None) -> bool:
        """May the link still be answered: sent, not answered, not expired."""
        now = now or timezone.now()
        return self.sent_at is not None and self.answered_at is None and now < self.expires_at

    @property
    def status(self) -> str:
        """The furthest this invitation got, for the send log."""
        if self.answered_at:
            return "answered"
        if self.bounced_at:
            return "bounced"
        if self.expires_at <= timezone.now():
            return "expired"
        if self.opened_at:
            return "opened"
        if self.sent_at:
            return "sent"
        return "queued"


class Answer(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)  # NPS, CSAT, rating
    choices = models.JSONField(default=list, blank=True)  # indices of the chosen choices
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["invitation", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "question"], name="one_survey_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}/{self.question_id}"
