"""Bookkeeping rows: where imported values came from, what editors must review,
and the catalog version that keeps cached pages fresh."""

from django.db import models


class ImportedRow(models.Model):
    """Provenance of a price or score: typed by an editor, or read from a dataset."""

    class Origin(models.TextChoices):
        EDITOR = "editor", "Editor"
        IMPORT = "import", "Import"

    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.EDITOR)
    dataset = models.CharField(max_length=40, blank=True, help_text="e.g. litellm, models-dev.")
    source_id = models.CharField(
        max_length=300, blank=True, help_text="The record's key or file in the dataset."
    )
    dataset_date = models.DateField(null=True, blank=True, help_text="The dataset's own date.")

    class Meta:
        abstract = True


# The datasets' names as readers know them.
DATASET_NAMES = {
    "models-dev": "models.dev",
    "litellm": "LiteLLM",
    "lmarena": "LMArena",
    "aider": "Aider",
    "llm-stats": "LLMStats",
}


# Where two datasets give one spec of a model or one price of an offer, the value shown
# is the first of these that gives it (models.dev cites each host's own price page); the
# other's is kept as a Discrepancy. Other datasets rank after these: the first to write
# a value holds it.
DESIGNATED = ("models-dev", "litellm")
_RANK = {name: place for place, name in enumerate(DESIGNATED)}


def outranks(dataset: str, other: str) -> bool:
    """Whether `dataset`'s value is shown over `other`'s for the same spec or price."""
    last = len(_RANK)
    return dataset != other and _RANK.get(dataset, last) < _RANK.get(other, last)


def dataset_name(dataset: str) -> str:
    """Who gave a value: a dataset's name, or an editor's hand."""
    return DATASET_NAMES.get(dataset, dataset) if dataset else "an editor"


def price_field(component: str, unit: str, condition: str, host_slug: str) -> str:
    """A price's `Discrepancy.field`: "input_tokens per_1m_tokens (standard) at google"."""
    return f"{component} {unit} ({condition or 'standard'}) at {host_slug}"


class Discrepancy(models.Model):
    """An imported value that was not written, for an editor to review.

    Either it differs from a value an editor set by hand (which an import
    never overwrites), or two datasets disagree about the same offer.
    """

    class Kind(models.TextChoices):
        EDITOR_VALUE = "editor_value", "Differs from an editor's value"
        SOURCE_CONFLICT = "source_conflict", "Datasets disagree"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    model = models.ForeignKey(
        "catalog.AIModel", on_delete=models.CASCADE, related_name="discrepancies"
    )
    host = models.ForeignKey(
        "catalog.Provider", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(
        max_length=200, help_text="A spec field, or the priced component with its host."
    )
    current_value = models.CharField(max_length=200)
    imported_value = models.CharField(max_length=200)
    dataset = models.CharField(max_length=40)
    source_id = models.CharField(max_length=300, blank=True)
    dataset_date = models.DateField(null=True, blank=True)
    detected_on = models.DateField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        app_label = "catalog"
        verbose_name_plural = "discrepancies"
        ordering = ["resolved", "-detected_on", "model__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "field", "dataset"], name="discrepancy_once_per_value_and_dataset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model}: {self.field} {self.current_value} vs {self.imported_value}"


class ImportRun(models.Model):
    """One import of one dataset: when, of which data, what it did and what it could not map."""

    dataset = models.CharField(max_length=40)
    location = models.CharField(max_length=500, help_text="The file, folder or URL imported.")
    dataset_date = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    counted = models.PositiveIntegerField(default=0, help_text="Records the coverage counts.")
    mapped = models.PositiveIntegerField(default=0)
    universe = models.CharField(max_length=80, blank=True, help_text='e.g. "provider files".')
    counts = models.JSONField(default=dict, blank=True)
    report = models.TextField(blank=True, help_text="The command's summary.")

    class Meta:
        app_label = "catalog"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dataset} of {self.dataset_date or 'undated'} ({self.started_at:%Y-%m-%d})"

    @property
    def share(self) -> float:
        return self.mapped / self.counted if self.counted else 1.0


class UnmappedRecord(models.Model):
    """A record an import could not place on a model, with why, for an editor to settle."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="unmapped")
    source_id = models.CharField(max_length=300, help_text="Where it is in the dataset.")
    record_id = models.CharField(max_length=300, help_text="The id the dataset gives it.")
    reason = models.CharField(max_length=200)
    settled = models.BooleanField(
        default=False, help_text="An editor mapped it or marked it as not a model."
    )

    class Meta:
        app_label = "catalog"
        ordering = ["run", "reason", "record_id"]
        indexes = [models.Index(fields=["reason"])]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.reason}"


class CacheVersion(models.Model):
    """The version of one part of the catalog, the source of truth for cached pages.

    "catalog" changes with any row; "shared" with what every comparison page shows
    (providers, benchmarks); "model:<slug>" with one model's own rows. Every bump
    sets the names it touches to the new "catalog" number, so versions only grow
    and "changed since version N" is one query.
    """

    name = models.CharField(max_length=200, unique=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(help_text="When this part of the catalog last changed.")

    class Meta:
        app_label = "catalog"

    def __str__(self) -> str:
        return f"{self.name} at {self.version}"
