"""The catalog: providers, models, dated prices and benchmark scores.

Unknown, not applicable and not disclosed are three different states. NULL in
a spec column means "unknown"; a field named in `AIModel.undisclosed` means the
creator does not disclose it; "not applicable" follows from the category (an
image model has no context window) and is decided where values are compared.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from catalog.querysets import (
    AIModelQuerySet,
    PriceQuerySet,
    ProviderQuerySet,
    ScoreQuerySet,
)
from catalog.tracking import ImportedRow
from catalog.validators import slug_is_unambiguous, validate_catalog_slug

STALE_AFTER_DAYS = 90


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when an editor types a bare domain."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class ProviderKind(models.TextChoices):
    LAB = "lab", "Model creator"
    HOST = "host", "Host"
    BOTH = "both", "Creator and host"


class Provider(models.Model):
    """An organisation that creates and/or serves models."""

    Kind = ProviderKind

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_catalog_slug])
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LAB)
    website = HttpsURLField(blank=True)
    pricing_url = HttpsURLField(
        blank=True, help_text="The official pricing page, the default source of its prices."
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=slug_is_unambiguous(), name="provider_slug_unambiguous"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:provider_detail", kwargs={"slug": self.slug})


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    PDF = "pdf", "PDF"


def validate_modalities(value: Any) -> None:
    allowed = set(Modality.values)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError('Give a list of modalities, such as ["text", "image"].')
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ValidationError(
            f"Unknown modalities: {', '.join(unknown)}. Use: {', '.join(sorted(allowed))}."
        )


def validate_tags(value: Any) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise ValidationError('Give a list of short tags, such as ["coding", "analysis"].')


class AIModel(models.Model):
    """A model as its creator names it (GPT-4o, Flux 1.1 Pro)."""

    class Category(models.TextChoices):
        TEXT = "text_generation", "Text generation"
        IMAGE = "image_generation", "Image generation"
        EMBEDDING = "embedding", "Embeddings"
        SPEECH_TO_TEXT = "speech_to_text", "Speech to text"
        TEXT_TO_SPEECH = "text_to_speech", "Text to speech"
        VIDEO = "video_generation", "Video generation"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DEPRECATED = "deprecated", "Deprecated"

    # The spec fields an editor can mark as "not disclosed by the creator".
    DISCLOSABLE_FIELDS = (
        "release_date",
        "context_window",
        "max_output_tokens",
        "parameters",
        "license",
        "knowledge_cutoff",
    )

    creator = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="models")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_catalog_slug])
    family = models.CharField(max_length=80, blank=True)
    category = models.CharField(max_length=24, choices=Category.choices)
    input_modalities = models.JSONField(default=list, blank=True, validators=[validate_modalities])
    output_modalities = models.JSONField(default=list, blank=True, validators=[validate_modalities])
    release_date = models.DateField(null=True, blank=True)
    context_window = models.PositiveIntegerField(
        null=True, blank=True, help_text="Tokens, input and output together."
    )
    max_output_tokens = models.PositiveIntegerField(null=True, blank=True)
    parameters = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Total parameter count (not billions)."
    )
    parameters_estimated = models.BooleanField(
        default=False, help_text="The parameter count is an outside estimate, not disclosed."
    )
    parameters_source = HttpsURLField(blank=True)
    open_weights = models.BooleanField(null=True, blank=True)
    license = models.CharField(max_length=120, blank=True)
    knowledge_cutoff = models.CharField(
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(r"^\d{4}-\d{2}(-\d{2})?$", "Use YYYY-MM or YYYY-MM-DD."),
        ],
    )
    # Capability flags: NULL means unknown, not "no".
    tool_calling = models.BooleanField(null=True, blank=True)
    structured_output = models.BooleanField(null=True, blank=True)
    vision_input = models.BooleanField(null=True, blank=True)
    reasoning = models.BooleanField(null=True, blank=True)
    undisclosed = models.JSONField(
        default=list,
        blank=True,
        help_text='Spec fields the creator does not disclose, e.g. ["parameters"].',
    )
    description = models.TextField(blank=True)
    best_for = models.JSONField(default=list, blank=True, validators=[validate_tags])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    deprecated_on = models.DateField(
        null=True,
        blank=True,
        help_text="When it was deprecated, or when the last source that listed it dropped it.",
    )
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )
    snapshot_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="snapshots",
        help_text="The model this is a dated snapshot of, when it has prices of its own.",
    )
    name_needs_review = models.BooleanField(
        default=False, help_text="The name was built from a dataset id; an editor should check it."
    )
    is_published = models.BooleanField(default=False)
    source_url = HttpsURLField(blank=True, help_text="Where the specs come from.")
    checked_on = models.DateField(null=True, blank=True, help_text="When the specs were checked.")
    # Where each spec value came from: {"field": {"origin": "import" | "editor", ...}}.
    # A value with no entry was set by hand, and an import never overwrites it.
    provenance = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AIModelQuerySet.as_manager()

    class Meta:
        verbose_name = "AI model"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["category", "is_published"]),
            models.Index(fields=["release_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=slug_is_unambiguous(), name="aimodel_slug_unambiguous"
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("id")), name="aimodel_not_own_successor"
            ),
            models.CheckConstraint(
                condition=~Q(snapshot_of=F("id")), name="aimodel_not_own_snapshot"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:model_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        unknown = sorted(set(self.undisclosed or []) - set(self.DISCLOSABLE_FIELDS))
        if not isinstance(self.undisclosed, list) or unknown:
            raise ValidationError(
                {"undisclosed": f"Use field names among: {', '.join(self.DISCLOSABLE_FIELDS)}."}
            )
        if self.successor_id is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": "A model cannot succeed itself."})
        if self.snapshot_of_id is not None and self.snapshot_of_id == self.pk:
            raise ValidationError({"snapshot_of": "A model cannot be a snapshot of itself."})
        reused = AIModelSlug.objects.filter(slug=self.slug)
        if self.pk is not None:
            reused = reused.exclude(model_id=self.pk)
        if self.slug and reused.exists():
            raise ValidationError({"slug": "Another model used this slug before; pick another."})

    @property
    def is_deprecated(self) -> bool:
        return self.status == self.Status.DEPRECATED

    def is_disclosed(self, field: str) -> bool:
        return field not in (self.undisclosed or [])


class SlugHistory(models.Model):
    """An old slug that keeps resolving (301) after a rename."""

    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class AIModelSlug(SlugHistory):
    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta:
        verbose_name = "old model slug"

    def __str__(self) -> str:
        return f"{self.slug} → {self.model.slug}"


class ProviderSlug(SlugHistory):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta:
        verbose_name = "old provider slug"

    def __str__(self) -> str:
        return f"{self.slug} → {self.provider.slug}"


class Price(ImportedRow):
    """One priced component of one offer, effective-dated and never overwritten.

    The current price of a component is the newest row in effect on the day
    asked; older rows are its history. An empty condition is the standard rate.
    """

    class Component(models.TextChoices):
        INPUT_TOKENS = "input_tokens", "Input tokens"
        OUTPUT_TOKENS = "output_tokens", "Output tokens"
        CACHED_INPUT = "cached_input", "Cached input tokens"
        CACHE_WRITE = "cache_write", "Cache write tokens"
        IMAGE_INPUT = "image_input", "Image input"
        IMAGE_OUTPUT = "image_output", "Image output"
        AUDIO_INPUT = "audio_input", "Audio input"
        AUDIO_OUTPUT = "audio_output", "Audio output"
        TEXT_INPUT = "text_input", "Text input"
        VIDEO_INPUT = "video_input", "Video input"
        VIDEO_OUTPUT = "video_output", "Video output"
        REQUEST = "request", "Request"

    class Unit(models.TextChoices):
        PER_1M_TOKENS = "per_1m_tokens", "per 1M tokens"
        PER_IMAGE = "per_image", "per image"
        PER_MEGAPIXEL = "per_megapixel", "per megapixel"
        PER_SECOND = "per_second", "per second"
        PER_1M_CHARACTERS = "per_1m_characters", "per 1M characters"
        PER_REQUEST = "per_request", "per request"

    model = models.ForeignKey(AIModel, on_delete=models.PROTECT, related_name="prices")
    host = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="hosted_prices")
    component = models.CharField(max_length=16, choices=Component.choices)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    amount = models.DecimalField(
        max_digits=18,
        decimal_places=10,
        validators=[MinValueValidator(Decimal(0))],
        help_text="US dollars.",
    )
    condition = models.CharField(
        max_length=120,
        blank=True,
        help_text='Empty for the standard rate; otherwise e.g. "batch", '
        '"prompt > 200K tokens", "1024×1024 HD".',
    )
    effective_from = models.DateField(default=date.today)
    starts_known = models.BooleanField(
        default=True,
        help_text="The price took effect on its date; off when the date is only when a "
        "dataset first listed it (it may have applied long before).",
    )
    ends_on = models.DateField(
        null=True,
        blank=True,
        help_text="The date its source stopped listing it; from then on it is history.",
    )
    source_url = HttpsURLField(max_length=500)
    checked_on = models.DateField(default=date.today)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PriceQuerySet.as_manager()

    class Meta:
        ordering = ["model", "host", "component", "condition", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="price_amount_not_negative"),
            models.UniqueConstraint(
                fields=["model", "host", "component", "unit", "condition", "effective_from"],
                name="price_one_row_per_offer_and_date",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("effective_from")),
                name="price_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.model} on {self.host}: {self.get_component_display()} "
            f"${self.amount} {self.get_unit_display()}"
        )

    @property
    def is_stale(self) -> bool:
        return (date.today() - self.checked_on).days > STALE_AFTER_DAYS


def component_label(component: str) -> str:
    """'cached_input' -> 'Cached input tokens'."""
    try:
        return str(Price.Component(component).label)
    except ValueError:
        return component.replace("_", " ").capitalize()


class Offer(ImportedRow):
    """One host selling one model: the limits it serves and when its source last listed it.

    Prices belong to an offer by model and host. The creator's own offer is the
    default one; a host may serve a smaller context window than the creator.
    """

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="offers")
    host = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offers")
    context_window = models.PositiveIntegerField(
        null=True, blank=True, help_text="Tokens this host serves; empty when not stated."
    )
    max_output_tokens = models.PositiveIntegerField(null=True, blank=True)
    source_url = HttpsURLField(max_length=500, blank=True)
    listed_on = models.DateField(
        null=True, blank=True, help_text="The date of the newest data that lists this offer."
    )
    ended_on = models.DateField(
        null=True, blank=True, help_text="The date its source stopped listing it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model", "host"]
        constraints = [
            models.UniqueConstraint(fields=["model", "host"], name="offer_one_per_model_and_host"),
        ]

    def __str__(self) -> str:
        return f"{self.model} on {self.host}"


class Benchmark(models.Model):
    """A leaderboard or test suite; a rank only ever exists within one benchmark."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Designation(models.TextChoices):
        NONE = "", "None"
        QUALITY = "quality", "Quality (the verdict's metric)"
        CODING = "coding", "Coding (independent)"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(
        max_length=24,
        choices=AIModel.Category.choices,
        help_text="The kind of model it measures.",
    )
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    unit = models.CharField(max_length=40, help_text='e.g. "arena score".')
    url = HttpsURLField(blank=True)
    description = models.TextField(blank=True)
    family = models.CharField(
        max_length=80, blank=True, help_text='The suite it belongs to, e.g. "SWE-bench", "Aider".'
    )
    variant = models.CharField(
        max_length=120,
        blank=True,
        help_text='What makes two scores comparable, e.g. "Verified", "style control".',
    )
    scale_max = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The best possible score (100 for a percentage); empty when open-ended (Elo).",
    )
    designation = models.CharField(
        max_length=12,
        choices=Designation.choices,
        default=Designation.NONE,
        blank=True,
        help_text="The one benchmark of its category the verdict reads, or the designated "
        "independent coding benchmark.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "designation"],
                condition=~Q(designation=""),
                name="benchmark_one_designated_per_category",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Score(ImportedRow):
    """A model's result on one benchmark, as published on one date by one dataset."""

    class MeasuredBy(models.TextChoices):
        LAB = "lab", "Reported by its maker"
        INDEPENDENT = "independent", "Measured independently"

    model = models.ForeignKey(AIModel, on_delete=models.PROTECT, related_name="scores")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(max_digits=10, decimal_places=2)
    ci_lower = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="95% interval, low end."
    )
    ci_upper = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="95% interval, high end."
    )
    votes = models.PositiveIntegerField(null=True, blank=True)
    condition = models.CharField(
        max_length=120,
        blank=True,
        help_text='The mode the model ran in, e.g. "thinking, 32K budget"; empty for its default.',
    )
    measured_on = models.DateField(help_text="The date of the leaderboard snapshot.")
    measured_by = models.CharField(
        max_length=12, choices=MeasuredBy.choices, default=MeasuredBy.INDEPENDENT
    )
    source_url = HttpsURLField(max_length=500)
    checked_on = models.DateField(default=date.today)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["benchmark", "-measured_on", "-value"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "benchmark", "condition", "measured_on", "dataset"],
                name="score_one_per_mode_snapshot_and_dataset",
            ),
            models.CheckConstraint(
                condition=Q(ci_lower__isnull=True) | Q(ci_lower__lte=F("value")),
                name="score_ci_lower_below_value",
            ),
            models.CheckConstraint(
                condition=Q(ci_upper__isnull=True) | Q(ci_upper__gte=F("value")),
                name="score_ci_upper_above_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} on {self.benchmark}: {self.value}"


# Registered with the catalog app here, defined beside the import bookkeeping.
from catalog.identity import CreatorPattern, ModelAlias, ProviderAlias  # noqa: E402, F401
from catalog.tracking import (  # noqa: E402, F401
    CacheVersion,
    Discrepancy,
    ImportRun,
    UnmappedRecord,
)
