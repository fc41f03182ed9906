"""The editors' admin for identity: aliases, creator patterns, provider names, offers, merges.

Merging is catalog/merging.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

from catalog.identity import CreatorPattern, ModelAlias, ProviderAlias
from catalog.importers.keys import identity_key
from catalog.merging import merge_models
from catalog.models import AIModel, Offer


@admin.register(ModelAlias)
class ModelAliasAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "model", "condition", "origin", "note"]
    list_filter = ["origin", "kind"]
    list_select_related = ["model"]
    search_fields = ["text", "key", "model__name", "model__slug"]
    autocomplete_fields = ["model"]
    ordering = ["key"]
    fields = ["text", "kind", "model", "condition", "note"]
    list_per_page = 100

    def save_model(self, request: HttpRequest, obj: ModelAlias, form: Any, change: bool) -> None:
        obj.key = identity_key(obj.text)
        obj.origin = ModelAlias.Origin.EDITOR
        super().save_model(request, obj, form, change)


@admin.register(CreatorPattern)
class CreatorPatternAdmin(admin.ModelAdmin):
    list_display = ["pattern", "creator_name", "creator_slug", "position", "note"]
    search_fields = ["pattern", "creator_name", "creator_slug"]
    ordering = ["position", "pattern"]
    list_editable = ["position"]


@admin.register(ProviderAlias)
class ProviderAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "provider_name", "provider_slug", "kind"]
    list_filter = ["role", "kind"]
    search_fields = ["name", "provider_name", "provider_slug"]
    ordering = ["name", "role"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "model",
        "host",
        "context_window",
        "max_output_tokens",
        "listed_on",
        "ended_on",
        "dataset",
    ]
    list_filter = ["dataset", "origin", ("ended_on", admin.EmptyFieldListFilter)]
    list_select_related = ["model", "host"]
    search_fields = ["model__name", "model__slug", "host__name", "source_id"]
    autocomplete_fields = ["model", "host"]
    ordering = ["model__name", "host__name"]
    readonly_fields = ["origin", "dataset", "source_id", "dataset_date", "source"]
    list_per_page = 100

    @admin.display(description="Source record")
    def source(self, obj: Offer) -> str:
        if not obj.source_url:
            return obj.source_id
        return format_html('<a href="{}" rel="noopener">{}</a>', obj.source_url, obj.source_id)

    def save_model(self, request: HttpRequest, obj: Offer, form: Any, change: bool) -> None:
        if form.changed_data:
            obj.origin = Offer.Origin.EDITOR
        super().save_model(request, obj, form, change)


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=AIModel.objects.select_related("creator").order_by("name"),
        label="Merge into",
        help_text="The model that stays: the others' prices, offers and scores move to it.",
    )


@admin.action(description="Merge the selected models into another", permissions=["change"])
def merge(modeladmin: Any, request: HttpRequest, queryset: Any) -> HttpResponse | None:
    """Ask which model stays, then merge the others into it."""
    selected = list(queryset.select_related("creator"))
    if "apply" in request.POST:
        form = MergeForm(request.POST)
        if form.is_valid():
            target = form.cleaned_data["target"]
            merging = [model for model in selected if model.pk != target.pk]
            names = ", ".join(model.name for model in merging)
            moved = merge_models(merging, target)
            modeladmin.log_changes(request, [target], f"Merged {names} into this model.")
            modeladmin.message_user(
                request,
                f"Merged {names} into {target.name} ({moved} prices moved).",
                messages.SUCCESS,
            )
            return None
    else:
        form = MergeForm(initial={"target": selected[0].pk if selected else None})
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge models",
        "models": selected,
        "form": form,
        "opts": modeladmin.model._meta,
        "action": "merge",
    }
    return render(request, "admin/catalog/merge_models.html", context)
