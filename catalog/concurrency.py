"""Optimistic concurrency for the editors' admin: a stale form never overwrites a colleague.

A change form carries a fingerprint of the values its fields showed when it
was opened. On save, the row is locked and fingerprinted again; if anything a
field shows has changed since (another editor, an import, a script), the save
is refused with a message naming who changed it, and their change stays.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

TOKEN_FIELD = "edit_token"


def fingerprint(instance: models.Model, names: Iterable[str]) -> str:
    """A digest of the model fields among `names`, as stored in the database."""
    fields = {field.name: field for field in instance._meta.get_fields() if field.concrete}
    values: dict[str, Any] = {}
    for name in sorted(set(names) & set(fields)):
        field = fields[name]
        if field.many_to_many:
            values[name] = sorted(related.pk for related in field.value_from_object(instance))  # type: ignore[union-attr]
        else:
            values[name] = field.value_from_object(instance)  # type: ignore[union-attr]
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


def last_change(instance: models.Model) -> str:
    """Who last changed `instance` in the admin, and when, for the refusal message."""
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is None:
        return "It was changed outside the admin (for example by an import)"
    when = timezone.localtime(entry.action_time).strftime("%d %b %Y at %H:%M:%S %Z")
    return f"{entry.user} saved it on {when}"


class ConcurrencyGuardForm(forms.ModelForm):
    """A ModelForm that refuses to save over a change made since it was opened."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[TOKEN_FIELD].initial = fingerprint(self.instance, self.guarded_fields())

    def guarded_fields(self) -> list[str]:
        return [name for name in self.fields if name != TOKEN_FIELD]

    @property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != TOKEN_FIELD]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Lock the row until this save commits (the admin saves in a transaction),
        # so no other save can slip in between this check and ours.
        current = (
            type(self.instance)
            ._default_manager.select_for_update(no_key=True, of=("self",))
            .order_by()
            .filter(pk=self.instance.pk)
        ).first()
        label = self.instance._meta.verbose_name
        if current is None:
            raise forms.ValidationError(
                f"This {label} was deleted by someone else after you opened it; nothing was saved.",
                code="deleted",
            )
        opened = self.data.get(self.add_prefix(TOKEN_FIELD), "")
        if opened != fingerprint(current, self.guarded_fields()):
            raise forms.ValidationError(
                f"Someone else changed this {label} after you opened it. "
                f"{last_change(current)}. Your changes were not saved and theirs are "
                "kept: open the page again to see their version, then make your "
                "changes again.",
                code="stale",
            )
        return cleaned
