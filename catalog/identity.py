"""The identity rules editors own: aliases, creator patterns and provider names.

Every importer reads these rows (catalog/importers/rules.py) before it places
a dataset's records on models, so a rule added in the admin takes effect on
the next import without a release. A migration seeds the patterns and the
provider names the public datasets use.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from catalog.importers.keys import identity_key
from catalog.validators import validate_catalog_slug


def validate_pattern(value: str) -> None:
    try:
        re.compile(value)
    except re.error as error:
        raise ValidationError(f"Not a regular expression: {error}.") from None


class ProviderKindChoices(models.TextChoices):
    LAB = "lab", "Model creator"
    HOST = "host", "Host"
    BOTH = "both", "Creator and host"


class ModelAlias(models.Model):
    """A name a dataset uses, mapped on purpose: to a model (maybe in a mode), or to nothing.

    The key is the spelling-free form of the text (catalog/importers/keys.py),
    so "claude-3.5-sonnet" and "Claude 3.5 Sonnet" are one alias.
    """

    class Kind(models.TextChoices):
        ALIAS = "alias", "Another name for the model"
        NOT_A_MODEL = "not_a_model", "Not a model"

    class Origin(models.TextChoices):
        EDITOR = "editor", "An editor's rule"
        IMPORT = "import", "A creator's own id, remembered by an import"

    text = models.CharField(max_length=300, help_text="The id or name as a dataset writes it.")
    key = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ALIAS)
    model = models.ForeignKey(
        "catalog.AIModel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aliases",
        help_text="The model this name stands for (empty for 'not a model').",
    )
    condition = models.CharField(
        max_length=120,
        blank=True,
        help_text='The mode this name sells or scores the model in, e.g. "thinking, 32K budget".',
    )
    note = models.CharField(max_length=200, blank=True)
    # An editor's alias decides where a name goes; an import's alias only remembers a
    # creator's own id, so that later datasets that use it find the same model.
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "catalog"
        verbose_name_plural = "model aliases"
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="alias", model__isnull=False)
                | models.Q(kind="not_a_model", model__isnull=True),
                name="alias_names_a_model_unless_not_a_model",
            ),
            # An editor's rule is the one rule for its name; an import may remember that a
            # name led to several models (a host's id of one, a creator's of another).
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(origin="editor"), name="alias_editor_key_once"
            ),
            models.UniqueConstraint(
                fields=["key", "model", "condition"],
                condition=models.Q(origin="import"),
                name="alias_import_key_once_per_model",
            ),
        ]

    def __str__(self) -> str:
        target = self.model.name if self.model_id and self.model else "not a model"
        return f"{self.text} → {target}"

    def clean(self) -> None:
        self.key = identity_key(self.text)
        if not self.key:
            raise ValidationError({"text": "Give the id or name as the dataset writes it."})
        if self.kind == self.Kind.ALIAS and self.model_id is None:
            raise ValidationError({"model": "Choose the model this name stands for."})
        if self.kind == self.Kind.NOT_A_MODEL and self.model_id is not None:
            raise ValidationError({"model": "A name that is not a model maps to no model."})
        taken = ModelAlias.objects.filter(key=self.key, origin=self.Origin.EDITOR).exclude(
            pk=self.pk
        )
        if taken.exists():
            raise ValidationError({"text": f"An alias for this name exists already: {taken[0]}."})


class CreatorPattern(models.Model):
    """A rule that names a model's creator from its id: ids matching `pattern` are `creator`'s.

    The pattern is a regular expression matched at the start of the id's key:
    lowercase, words and numbers joined by hyphens ("claude-3-5-sonnet",
    "qwen-3-235b"). Lower positions are tried first.
    """

    pattern = models.CharField(max_length=200, validators=[validate_pattern])
    creator_slug = models.SlugField(max_length=80, validators=[validate_catalog_slug])
    creator_name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=100)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        app_label = "catalog"
        ordering = ["position", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["pattern"], name="creator_pattern_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} → {self.creator_name}"


class ProviderAlias(models.Model):
    """A dataset's name for a provider, in one of two roles.

    As a creator: a lab's namespace or vendor prefix in a host's ids
    ("meta-llama/...", "anthropic.claude-..."), or a models.dev lab folder.
    As a host: a models.dev provider folder or a LiteLLM provider
    ("bedrock_converse" is Amazon Bedrock, "gemini" is Google's own API).
    """

    class Role(models.TextChoices):
        CREATOR = "creator", "Names a model's creator"
        HOST = "host", "Names who sells it"

    name = models.CharField(max_length=100, help_text="As the dataset writes it, lowercase.")
    role = models.CharField(max_length=8, choices=Role.choices)
    provider_slug = models.SlugField(max_length=80, validators=[validate_catalog_slug])
    provider_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=ProviderKindChoices.choices)

    class Meta:
        app_label = "catalog"
        verbose_name_plural = "provider aliases"
        ordering = ["name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["name", "role"], name="provider_alias_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display().lower()}) → {self.provider_name}"

    def clean(self) -> None:
        self.name = self.name.strip().lower()
