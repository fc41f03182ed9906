"""Forms read from the query string: the cost calculator's workload and the pickers."""

from typing import Any

from django import forms

from catalog.models import AIModel

MAX_TOKENS = 10**13
MAX_IMAGES = 10**9


class CountField(forms.IntegerField):
    """A whole number that may be typed with thousands separators: 10,000,000."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.replace(",", "").replace("_", "").replace(" ", "").strip()
        if isinstance(value, str) and len(value) > 20:
            raise forms.ValidationError("Enter a whole number no longer than 20 digits.")
        return super().to_python(value)


class WorkloadForm(forms.Form):
    input_tokens = CountField(
        label="Input tokens a month",
        min_value=0,
        max_value=MAX_TOKENS,
        required=False,
        error_messages={"invalid": "Enter a whole number of tokens, such as 10000000."},
    )
    output_tokens = CountField(
        label="Output tokens a month",
        min_value=0,
        max_value=MAX_TOKENS,
        required=False,
        error_messages={"invalid": "Enter a whole number of tokens, such as 2000000."},
    )
    images = CountField(
        label="Images a month",
        min_value=0,
        max_value=MAX_IMAGES,
        required=False,
        error_messages={"invalid": "Enter a whole number of images, such as 1000."},
    )


class ModelField(forms.CharField):
    """A published model typed as its slug, an old slug or its exact name."""

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        published = AIModel.objects.published().select_related("creator")
        model = published.by_slug(text.strip().lower())
        if model is None:
            named = list(published.filter(name__iexact=text.strip())[:2])
            model = named[0] if len(named) == 1 else None
        if model is None:
            raise forms.ValidationError(unknown_model_message(text.strip()))
        return model


def unknown_model_message(text: str) -> str:
    suggestions = [name for _, name in AIModel.objects.published().closest(text, limit=3)]
    message = f"We found no model called “{text}”."
    if suggestions:
        message += " Did you mean " + " or ".join(suggestions) + "?"
    return message


class PickerForm(forms.Form):
    a = ModelField(
        label="First model",
        max_length=120,
        error_messages={"required": "Choose the first model."},
    )
    b = ModelField(
        label="Second model",
        max_length=120,
        error_messages={"required": "Choose the second model."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        a, b = cleaned.get("a"), cleaned.get("b")
        if a is not None and b is not None and a.pk == b.pk:
            raise forms.ValidationError(
                f"You chose {a.name} twice. Pick two different models to compare, "
                f"or see everything about {a.name} on its own page."
            )
        return cleaned
