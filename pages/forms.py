"""Forms read from the query string: the cost calculator's workload and the pickers."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.utils import pretty_name
from django.http import QueryDict

from catalog.models import AIModel
from comparisons.cost import IMAGE_SIZES, Workload
from comparisons.metrics import CAPABILITIES

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


def count_field(label: str, maximum: int, invalid: str) -> CountField:
    """An optional whole number from 0 to `maximum`, with the calculator's own message."""
    return CountField(
        label=label,
        min_value=0,
        max_value=maximum,
        required=False,
        error_messages={"invalid": invalid},
    )


PERCENT = "Enter a whole percentage from 0 to 100."


class WorkloadForm(forms.Form):
    """The calculator: every field optional, each read only for the models it applies to."""

    input_tokens = count_field(
        "Input tokens a month", MAX_TOKENS, "Enter a whole number of tokens, such as 10000000."
    )
    output_tokens = count_field(
        "Output tokens a month", MAX_TOKENS, "Enter a whole number of tokens, such as 2000000."
    )
    cached_share = count_field("Share of input from the prompt cache (%)", 100, PERCENT)
    reasoning_share = count_field("Share of output that is thinking (%)", 100, PERCENT)
    prompt_tokens = count_field(
        "Tokens in one prompt", MAX_TOKENS, "Enter a whole number of tokens, such as 10000."
    )
    batch = forms.BooleanField(label="Sent in batch (results within a day)", required=False)
    images = count_field(
        "Images a month", MAX_IMAGES, "Enter a whole number of images, such as 1000."
    )
    image_quality = forms.ChoiceField(
        label="Image quality",
        choices=[("low", "Low"), ("standard", "Standard or medium"), ("high", "High or HD")],
        required=False,
    )
    image_size = forms.ChoiceField(
        label="Image size (pixels)",
        choices=[(size, size) for size in IMAGE_SIZES],
        required=False,
    )
    characters = count_field(
        "Characters of text to speak a month",
        MAX_TOKENS,
        "Enter a whole number of characters, such as 1000000.",
    )
    audio_minutes = count_field(
        "Minutes of audio a month", MAX_IMAGES, "Enter a whole number of minutes, such as 1000."
    )
    video_seconds = count_field(
        "Seconds of video a month", MAX_IMAGES, "Enter a whole number of seconds, such as 60."
    )


def read_workload_fields(
    query: QueryDict, shown: tuple[str, ...], default: Workload
) -> tuple[dict[str, Any], Workload | None]:
    """The calculator's fields that apply (`shown`) and the workload they describe: the
    default when the query names none of them; otherwise the visitor's numbers, where a
    shown field the query leaves out keeps its default (a cleared one counts as none).
    None for the workload when a number is not valid, with the form's errors."""
    if not any(name in query for name in shown):
        initial = {name: getattr(default, name) for name in shown}
        return _only(initial_context(WorkloadForm, initial), shown), default
    data = QueryDict(mutable=True)
    for name in shown:
        if name in query:
            data.setlist(name, query.getlist(name))
        elif name != "batch":  # an unticked box is left out of the query: it is off
            data[name] = str(getattr(default, name))
    form = WorkloadForm(data)
    if not form.is_valid():
        return _only(form_context(form), shown), None
    cleaned = form.cleaned_data
    empty = Workload()
    values = {
        name: cleaned[name] if cleaned.get(name) not in (None, "") else getattr(empty, name)
        for name in shown
    }
    return _only(form_context(form), shown), Workload(**values)


def _only(context: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The form's fields that apply, in the order the calculator shows them."""
    by_name = {field["name"]: field for field in context["fields"]}
    return {**context, "fields": [by_name[name] for name in names]}


class RankingForm(forms.Form):
    """What the workload ranking asks of every model, besides the workload itself."""

    category = forms.ChoiceField(
        label="Kind of model", choices=AIModel.Category.choices, required=False
    )
    open_weights = forms.ChoiceField(
        label="Weights",
        choices=[("", "Open or closed"), ("yes", "Open weights only"), ("no", "Closed only")],
        required=False,
    )
    capabilities = forms.MultipleChoiceField(
        label="Capabilities",
        choices=CAPABILITIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_context = count_field(
        "Minimum context window (tokens)",
        MAX_TOKENS,
        "Enter a whole number of tokens, such as 128000.",
    )
    min_quality = forms.DecimalField(
        label="Minimum quality score",
        min_value=0,
        max_value=100_000,
        max_digits=8,
        decimal_places=2,
        required=False,
        error_messages={"invalid": "Enter a score, such as 1400."},
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


def form_context(form: forms.Form) -> dict[str, Any]:
    """A form as plain values for the templates that print it by hand.

    Printing bound fields costs a widget lookup and an escape per attribute;
    on the comparison page, rendered for every uncached visit, that was a
    tenth of the time.
    """
    fields = []
    for field in form:
        value = field.value()
        fields.append(
            {
                "name": field.html_name,
                "id": field.id_for_label,
                "label": field.label,
                "value": "" if value is None else value,
                "errors": list(field.errors),
                **widget_kind(field.field),
            }
        )
    return {"errors": list(form.non_field_errors()), "fields": fields}


def widget_kind(field: forms.Field) -> dict[str, Any]:
    """How the hand-written field markup shows a field: a number, a box to tick, a list."""
    if isinstance(field, forms.BooleanField):
        return {"kind": "checkbox", "choices": []}
    if isinstance(field, forms.ChoiceField):
        return {"kind": "select", "choices": list(field.choices)}  # type: ignore[arg-type]
    return {"kind": "number", "choices": []}


def initial_context(form_class: type[forms.Form], initial: Mapping[str, Any]) -> dict[str, Any]:
    """What form_context(form_class(initial=initial)) returns, without building the form.

    The comparison page prints both its forms with initial values on every
    visit; building them (each deep-copies its fields) only to read those
    values back was a tenth of the page's own work.
    """
    fields: list[dict[str, Any]] = []
    for name, field in form_class.base_fields.items():
        value = initial.get(name, field.initial)
        fields.append(
            {
                "name": name,
                "id": f"id_{name}",
                "label": field.label if field.label is not None else pretty_name(name),
                "value": "" if value is None else value,
                "errors": [],
                **widget_kind(field),
            }
        )
    return {"errors": [], "fields": fields}
