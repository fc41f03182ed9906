"""Admin forms: lists edited as checkboxes and comma-separated tags, not raw JSON."""

from typing import Any

from django import forms

from catalog.concurrency import ConcurrencyGuardForm
from catalog.models import AIModel, Modality


class TagsField(forms.CharField):
    """A list of short tags typed as "coding, analysis"."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [tag.strip() for tag in text.split(",") if tag.strip()]


UNDISCLOSED_CHOICES = [
    (name, name.replace("_", " ").capitalize()) for name in AIModel.DISCLOSABLE_FIELDS
]


class AIModelAdminForm(ConcurrencyGuardForm):
    input_modalities = forms.MultipleChoiceField(
        choices=Modality.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    output_modalities = forms.MultipleChoiceField(
        choices=Modality.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    undisclosed = forms.MultipleChoiceField(
        choices=UNDISCLOSED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick what the creator does not disclose (shown as “not disclosed”, "
        "not as unknown).",
    )
    best_for = TagsField(
        required=False, help_text="Comma-separated, e.g. “coding, long documents”."
    )

    class Meta:
        model = AIModel
        # The admin adds the other fields from its fieldsets.
        fields = ["input_modalities", "output_modalities", "undisclosed", "best_for"]
