"""The cost calculator's workload: three whole numbers from the query string."""

from typing import Any

from django import forms

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
