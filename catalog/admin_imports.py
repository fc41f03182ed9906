"""The editors' admin for import runs: what each run read, and every record it could not map,
with the actions that settle one (map it to a model, or mark it as not a model)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from catalog.identity import ModelAlias
from catalog.importers.keys import identity_key
from catalog.models import AIModel, ImportRun, UnmappedRecord


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "dataset", "dataset_date", "coverage", "unmapped_link"]
    list_filter = ["dataset"]
    ordering = ["-started_at", "-pk"]
    readonly_fields = [
        "dataset",
        "location",
        "dataset_date",
        "started_at",
        "counted",
        "mapped",
        "universe",
        "counts",
        "report",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Mapped")
    def coverage(self, obj: ImportRun) -> str:
        return f"{obj.mapped:,} of {obj.counted:,} {obj.universe} ({obj.share:.1%})"

    @admin.display(description="Not mapped")
    def unmapped_link(self, obj: ImportRun) -> str:
        url = reverse("admin:catalog_unmappedrecord_changelist") + f"?run__id__exact={obj.pk}"
        return format_html('<a href="{}">{} records</a>', url, obj.counted - obj.mapped)


class MapForm(forms.Form):
    model = forms.ModelChoiceField(
        queryset=AIModel.objects.select_related("creator").order_by("name"),
        help_text="The model these records stand for; the next import places them on it.",
    )
    condition = forms.CharField(
        required=False,
        max_length=120,
        help_text='Optional: the mode they sell or score it in, e.g. "thinking, 32K budget".',
    )


def _alias(record: UnmappedRecord, **values: Any) -> bool:
    """An editor's alias for a record's id; False when an editor's alias exists already."""
    key = identity_key(record.record_id)
    if not key or ModelAlias.objects.filter(key=key, origin=ModelAlias.Origin.EDITOR).exists():
        return False
    ModelAlias.objects.create(
        text=record.record_id, key=key, origin=ModelAlias.Origin.EDITOR, **values
    )
    return True


@admin.register(UnmappedRecord)
class UnmappedRecordAdmin(admin.ModelAdmin):
    list_display = ["record_id", "reason", "source_id", "run", "settled"]
    list_filter = ["settled", "reason", "run__dataset", "run"]
    list_select_related = ["run"]
    search_fields = ["record_id", "source_id", "reason"]
    ordering = ["run", "reason", "record_id"]
    readonly_fields = ["run", "source_id", "record_id", "reason", "settled"]
    actions = ["map_to_model", "mark_not_a_model"]
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark the selected records as not a model", permissions=["change"])
    def mark_not_a_model(self, request: HttpRequest, queryset: QuerySet[UnmappedRecord]) -> None:
        with transaction.atomic():
            made = sum(
                _alias(record, kind=ModelAlias.Kind.NOT_A_MODEL, note="marked from an import run")
                for record in queryset
            )
            queryset.update(settled=True)
        self.message_user(
            request, f"{made} name(s) marked as not a model; the next import skips them."
        )

    @admin.action(description="Map the selected records to a model…", permissions=["change"])
    def map_to_model(
        self, request: HttpRequest, queryset: QuerySet[UnmappedRecord]
    ) -> HttpResponse | None:
        records = list(queryset)
        if "apply" in request.POST:
            form = MapForm(request.POST)
            if form.is_valid():
                model = form.cleaned_data["model"]
                with transaction.atomic():
                    made = sum(
                        _alias(
                            record,
                            model=model,
                            condition=form.cleaned_data["condition"],
                            note="mapped from an import run",
                        )
                        for record in records
                    )
                    queryset.update(settled=True)
                self.message_user(
                    request,
                    f"{made} alias(es) for {model.name}; the next import places the records there.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = MapForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Map records to a model",
            "records": records,
            "form": form,
            "opts": self.model._meta,
            "action": "map_to_model",
        }
        return render(request, "admin/catalog/map_records.html", context)
