"""Build the POST data a browser would send back from an admin change form."""

from typing import Any

from django import forms


def _encode(field: forms.Field, value: Any) -> Any:
    if isinstance(field, forms.NullBooleanField):
        return {True: "true", False: "false"}.get(value, "unknown")
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    # BoundField.value() has already prepared the value for its widget.
    return "" if value is None else value


def _form_data(form: forms.BaseForm) -> dict[str, Any]:
    data = {}
    for name, field in form.fields.items():
        encoded = _encode(field, form[name].value())
        if encoded is not None:
            data[form.add_prefix(name)] = encoded
            if field.show_hidden_initial:  # callable defaults such as "today"
                data[form.add_initial_prefix(name)] = encoded
    return data


def admin_post_data(response: Any) -> dict[str, Any]:
    """The change form in `response` as it would be submitted unchanged."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data
