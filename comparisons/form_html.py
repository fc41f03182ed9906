"""The picker and the calculator's fields, written straight to HTML.

Both are printed on every comparison page (the picker also on the home and
picker pages), and printed by the template engine their few dozen attribute
values were a fifth of an uncached page's rendering; see rendering.py for
why and how these blocks are written in Python. Each takes the plain field
values of forms.form_context.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe


def _errors(messages: Any, html_id: str) -> str:
    return "".join(
        f'<p class="field-error" id="{html_id}-error">{escape(str(message))}</p>'
        for message in messages
    )


def picker_form(picker: Mapping[str, Any], *, action: str, suggest: str) -> SafeString:
    """The two-model picker: comboboxes that suggest models, and a plain GET form without JS."""
    action, suggest = escape(action), escape(suggest)
    parts = [
        f'<form class="picker" method="get" action="{action}" hx-get="{action}" '
        'hx-target="#page" hx-swap="outerHTML" hx-trigger="submit, picked" data-picker '
        'aria-label="Choose two models to compare">\n'
    ]
    if picker["errors"]:
        messages = "".join(f"<p>{escape(str(error))}</p>" for error in picker["errors"])
        parts.append(f'<div class="form-errors" role="alert">{messages}</div>\n')
    parts.append('<div class="picker-fields">\n')
    for position, field in enumerate(picker["fields"]):
        name = escape(field["name"])
        label = escape(str(field["label"]))
        html_id = f"pick-{name}"
        value = escape(str(field["value"]))
        invalid = (
            f' aria-invalid="true" aria-describedby="{html_id}-error"' if field["errors"] else ""
        )
        parts.append(
            '<div class="combobox" data-combobox>\n'
            f'<label for="{html_id}">{label}</label>\n'
            f'<input type="text" id="{html_id}" name="{name}" value="{value}" '
            'role="combobox" aria-autocomplete="list" aria-expanded="false" '
            f'aria-controls="{html_id}-list" autocomplete="off" spellcheck="false" '
            'maxlength="120" placeholder="Type a model name" '
            f'hx-get="{suggest}" hx-trigger="input delay:150ms, focus" '
            f'hx-target="#{html_id}-list" hx-swap="innerHTML" hx-sync="this:replace" '
            f'hx-include="#pick-a, #pick-b" hx-vals=\'{{"field": "{name}"}}\'{invalid}>\n'
            f'<div id="{html_id}-list" class="listbox" role="listbox" '
            f'aria-label="Suggestions for the {label.lower()}" hidden></div>\n'
            f"{_errors(field['errors'], html_id)}</div>\n"
        )
        if position == 0:
            parts.append('<span class="picker-vs" aria-hidden="true">vs</span>\n')
    parts.append('<button type="submit" class="picker-submit">Compare</button>\n</div>\n</form>')
    return mark_safe("".join(parts))


def workload_fields(form: Mapping[str, Any]) -> SafeString:
    """The calculator's fields (numbers, a box to tick, lists), each with its own errors."""
    parts = []
    for field in form["fields"]:
        html_id = escape(field["id"])
        name = escape(field["name"])
        label = escape(str(field["label"]))
        invalid = (
            f' aria-invalid="true" aria-describedby="{html_id}-error"' if field["errors"] else ""
        )
        errors = _errors(field["errors"], html_id)
        if field.get("kind") == "checkbox":
            checked = " checked" if field["value"] in (True, "on", "true", "1") else ""
            parts.append(
                '<div class="field field-check">\n'
                f'<input type="checkbox" name="{name}" id="{html_id}"{checked}{invalid}>\n'
                f'<label for="{html_id}">{label}</label>\n{errors}</div>\n'
            )
        elif field.get("kind") == "select":
            options = "".join(
                f'<option value="{escape(str(value))}"'
                f"{' selected' if str(value) == str(field['value']) else ''}>"
                f"{escape(str(text))}</option>"
                for value, text in field["choices"]
            )
            parts.append(
                '<div class="field">\n'
                f'<label for="{html_id}">{label}</label>\n'
                f'<select name="{name}" id="{html_id}"{invalid}>{options}</select>\n'
                f"{errors}</div>\n"
            )
        else:
            parts.append(
                '<div class="field">\n'
                f'<label for="{html_id}">{label}</label>\n'
                f'<input type="text" inputmode="numeric" name="{name}" '
                f'id="{html_id}" value="{escape(str(field["value"]))}" autocomplete="off"'
                f"{invalid}>\n{errors}</div>\n"
            )
    return mark_safe("".join(parts))
