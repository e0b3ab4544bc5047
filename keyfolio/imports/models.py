"""The log of imports: each run, what it wrote (so that it can be undone), and the
column mappings people save for files no preset knows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.workspaces.models import Workspace


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")


class ImportRun(models.Model):
    """One file imported (or checked) into a workspace, from the web or the CLI.

    The web wizard keeps the uploaded file here (not on a disk, so that any web server
    and the worker see it) until it is imported or abandoned; then only the report and
    the changes stay."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20)
    preset = models.CharField(_("preset"), max_length=30, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)  # Column index -> field.
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file = models.BinaryField(null=True, blank=True)
    file_format = models.CharField(max_length=12, blank=True)
    encoding = models.CharField(max_length=30, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    good_rows = models.BooleanField(_("import the good rows only"), default=False)
    # For open opportunities the file gives no probability for (engine.Options).
    probability = models.PositiveSmallIntegerField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # engine.Outcome.as_dict()
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="import_run_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.state})"


class ImportChange(models.Model):
    """One record an import created or changed, with the values before and after (JSON),
    so that undoing it removes what it created and restores what it changed."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    model = models.CharField(max_length=20)  # account, contact, opportunity, revenue, assessment
    object_id = models.BigIntegerField()
    created = models.BooleanField()
    before = models.TextField(default="{}")
    after = models.TextField(default="{}")

    class Meta:
        indexes = [models.Index(fields=["run", "model"], name="import_change_run")]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"


class ImportMapping(models.Model):
    """A mapping saved for files no preset reads: header text -> field key."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    columns = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "name"], name="unique_import_mapping_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
