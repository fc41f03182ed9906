"""The editors' admin: models with their prices and scores, and a price review list.

Editing a price means adding a dated row. On a model's page, existing prices
are shown read-only as history (newest first) and a blank row adds a new
price; the Price list is for bulk review and for correcting a typo.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.messages import ERROR
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html

from catalog import admin_imports  # noqa: F401  (registers the import-run admin)
from catalog.admin_identity import merge
from catalog.changes import announce, slugs_showing
from catalog.concurrency import TOKEN_FIELD, ConcurrencyGuardForm
from catalog.forms import AIModelAdminForm
from catalog.models import (
    STALE_AFTER_DAYS,
    AIModel,
    AIModelSlug,
    Benchmark,
    Discrepancy,
    Price,
    Provider,
    ProviderSlug,
    Score,
)

SAVE_CLASHED = (
    "Someone else saved the same thing at the same moment, so nothing of yours was saved."
)


class GuardedAdmin(admin.ModelAdmin):
    """Change forms refuse to save over a colleague's change (catalog/concurrency.py);
    actions that change rows write the admin history, as forms do."""

    form = ConcurrencyGuardForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if TOKEN_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *fieldsets[1:]]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A save that collides with one committed a moment before (two editors adding
        the same price at once) shows the form again, checked against what the other
        editor saved, instead of failing: nothing of this editor's was saved."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            if request.method != "POST":
                raise
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            self.message_user(request, SAVE_CLASHED + " Please make your change again.", ERROR)
            return HttpResponseRedirect(request.get_full_path())
        if response.status_code == 200:  # the form again, with what clashes marked
            self.message_user(request, SAVE_CLASHED, ERROR)
        return response

    def log_changes(self, request: HttpRequest, objects: Iterable[Any], message: str) -> None:
        assert request.user.pk is not None  # the admin only lets staff in
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=list(objects),
            action_flag=CHANGE,
            change_message=message,
        )


def stale_before() -> date:
    return date.today() - timedelta(days=STALE_AFTER_DAYS)


class StalePriceFilter(admin.SimpleListFilter):
    title = "price check"
    parameter_name = "price_check"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("stale", f"Stale (checked over {STALE_AFTER_DAYS} days ago)"),
            ("fresh", f"Checked in the last {STALE_AFTER_DAYS} days"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in {"stale", "fresh"}:
            return queryset
        stale = self.stale_condition(queryset)
        return queryset.filter(stale) if self.value() == "stale" else queryset.exclude(stale)

    def stale_condition(self, queryset: QuerySet[Any]) -> Any:
        if queryset.model is Price:
            return Exists(Price.objects.filter(pk=OuterRef("pk"), checked_on__lt=stale_before()))
        return Exists(
            Price.objects.current(date.today()).filter(
                model=OuterRef("pk"), checked_on__lt=stale_before()
            )
        )


def record_old_slug(history_model: Any, owner_field: str, form: ModelForm, obj: Any) -> None:
    """Keep the previous slug resolving after an editor renames a model or provider."""
    old_slug = form.initial.get("slug")
    if old_slug and old_slug != obj.slug:
        history_model.objects.update_or_create(slug=old_slug, defaults={owner_field: obj})
        history_model.objects.filter(slug=obj.slug).delete()


@admin.register(Provider)
class ProviderAdmin(GuardedAdmin):
    list_display = ["name", "slug", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(
        self, request: HttpRequest, obj: Provider, form: ModelForm, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "slug" in form.changed_data:
                record_old_slug(ProviderSlug, "provider", form, obj)


HISTORY_FIELDS = (
    "host",
    "component",
    "unit",
    "amount",
    "condition",
    "effective_from",
    "checked_on",
    "source_link",
)


class PriceHistoryInline(admin.TabularInline):
    """Prices already recorded: read-only, newest first, so history stays intact."""

    model = Price
    verbose_name = "recorded price"
    verbose_name_plural = "Price history (newest first; correct a typo from the Price list)"
    fields = HISTORY_FIELDS
    readonly_fields = HISTORY_FIELDS
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Price]:
        return (
            super()
            .get_queryset(request)
            .select_related("host")
            .order_by("-effective_from", "host__name", "component", "condition")
        )

    @admin.display(description="Source")
    def source_link(self, obj: Price) -> str:
        return format_html('<a href="{}" rel="noopener">source</a>', obj.source_url)


class NewPriceInline(admin.TabularInline):
    """A blank row to add a dated price; it never shows or edits existing rows."""

    model = Price
    verbose_name = "new price"
    verbose_name_plural = "Add a new price (a new dated row; older prices stay as history)"
    fields = [
        "host",
        "component",
        "unit",
        "amount",
        "condition",
        "effective_from",
        "source_url",
        "checked_on",
    ]
    autocomplete_fields = ["host"]
    extra = 1
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Price]:
        return super().get_queryset(request).none()

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["host"].initial = obj.creator_id
            if obj.creator.pricing_url:
                formset.form.base_fields["source_url"].initial = obj.creator.pricing_url
        return formset


class ScoreInline(admin.TabularInline):
    model = Score
    fields = [
        "benchmark",
        "value",
        "ci_lower",
        "ci_upper",
        "votes",
        "measured_on",
        "measured_by",
        "source_url",
        "checked_on",
    ]
    autocomplete_fields = ["benchmark"]
    extra = 0
    verbose_name_plural = "scores on designated benchmarks and editors' scores"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Score]:
        # A model can be on hundreds of boards: the model's page edits the scores the
        # verdict reads and those typed by hand; every score is in the Score list.
        return (
            super()
            .get_queryset(request)
            .filter(~Q(benchmark__designation="") | Q(origin=Score.Origin.EDITOR))
            .select_related("benchmark")
        )


class DiscrepancyInline(admin.TabularInline):
    """What imports found that differs from this model's values: review, then resolve."""

    model = Discrepancy
    verbose_name_plural = "Discrepancies found by imports (values were not overwritten)"
    fields = ["kind", "field", "current_value", "imported_value", "dataset", "resolved"]
    readonly_fields = ["kind", "field", "current_value", "imported_value", "dataset"]
    extra = 0
    max_num = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Discrepancy]:
        return super().get_queryset(request).filter(resolved=False)


@admin.register(AIModel)
class AIModelAdmin(GuardedAdmin):
    form = AIModelAdminForm
    list_display = [
        "name",
        "creator",
        "category",
        "status",
        "is_published",
        "checked_on",
    ]
    list_filter = [
        "category",
        "status",
        "is_published",
        "name_needs_review",
        ("snapshot_of", admin.EmptyFieldListFilter),
        StalePriceFilter,
        "creator",
    ]
    list_select_related = ["creator"]
    search_fields = ["name", "slug", "family", "creator__name"]
    ordering = ["name"]
    autocomplete_fields = ["creator", "successor", "snapshot_of"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NewPriceInline, PriceHistoryInline, ScoreInline, DiscrepancyInline]
    list_per_page = 50
    actions = ["publish", "unpublish", merge]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "name_needs_review",
                    "slug",
                    "creator",
                    "family",
                    "category",
                    "is_published",
                ]
            },
        ),
        ("Status", {"fields": ["status", "successor", "snapshot_of"]}),
        (
            "Specs",
            {
                "fields": [
                    "input_modalities",
                    "output_modalities",
                    "release_date",
                    "context_window",
                    "max_output_tokens",
                    ("parameters", "parameters_estimated"),
                    "parameters_source",
                    "open_weights",
                    "license",
                    "knowledge_cutoff",
                    "undisclosed",
                ]
            },
        ),
        (
            "Capabilities (leave unknown when not sure)",
            {"fields": ["tool_calling", "structured_output", "vision_input", "reasoning"]},
        ),
        ("Editorial", {"fields": ["description", "best_for"]}),
        ("Source of the specs", {"fields": ["source_url", "checked_on"]}),
    ]

    def save_model(self, request: HttpRequest, obj: AIModel, form: ModelForm, change: bool) -> None:
        # A value an editor sets is theirs: imports will report differences, not overwrite.
        edited = {"origin": "editor", "by": request.user.get_username(), "on": str(date.today())}
        obj.provenance = {
            **(obj.provenance or {}),
            **{name: edited for name in form.changed_data},
        }
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "slug" in form.changed_data:
                record_old_slug(AIModelSlug, "model", form, obj)

    @admin.action(description="Publish the selected models", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[AIModel]) -> None:
        self._set_published(request, queryset, published=True)

    @admin.action(description="Unpublish the selected models", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[AIModel]) -> None:
        self._set_published(request, queryset, published=False)

    def _set_published(
        self, request: HttpRequest, queryset: QuerySet[AIModel], *, published: bool
    ) -> None:
        verb = "published" if published else "unpublished"
        decided = {"origin": "editor", "by": request.user.get_username(), "on": str(date.today())}
        with transaction.atomic():
            changing = list(queryset)
            for model in changing:
                # An editor's decision: imports never publish or unpublish it again.
                model.is_published = published
                model.provenance = {**(model.provenance or {}), "is_published": decided}
            AIModel.objects.bulk_update(changing, ["is_published", "provenance"])
            count = len(changing)
            self.log_changes(request, changing, f"{verb.capitalize()}.")
        announce(slugs_showing(changing))
        self.message_user(request, f"{count} model(s) {verb}.")


@admin.register(Price)
class PriceAdmin(GuardedAdmin):
    list_display = [
        "model",
        "host",
        "component",
        "unit",
        "amount",
        "condition",
        "effective_from",
        "checked_on",
        "is_current",
    ]
    list_filter = ["component", "unit", StalePriceFilter, "origin", "dataset", "host"]
    list_select_related = ["model", "host"]
    search_fields = ["model__name", "model__slug", "host__name", "condition"]
    autocomplete_fields = ["model", "host"]
    ordering = ["-effective_from", "model__name"]
    date_hierarchy = "effective_from"
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[Price]:
        current_ids = Price.objects.current(date.today()).filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(current_row=Exists(current_ids))

    @admin.display(description="Current", boolean=True, ordering="current_row")
    def is_current(self, obj: Price) -> bool:
        return bool(getattr(obj, "current_row", False))

    def save_model(self, request: HttpRequest, obj: Price, form: ModelForm, change: bool) -> None:
        if form.changed_data:
            obj.origin = Price.Origin.EDITOR
        super().save_model(request, obj, form, change)


@admin.register(Discrepancy)
class DiscrepancyAdmin(GuardedAdmin):
    list_display = [
        "model",
        "field",
        "host",
        "current_value",
        "imported_value",
        "kind",
        "dataset",
        "dataset_date",
        "resolved",
    ]
    list_filter = ["resolved", "kind", "dataset"]
    list_select_related = ["model", "host"]
    search_fields = ["model__name", "model__slug", "field"]
    readonly_fields = [
        "kind",
        "model",
        "host",
        "field",
        "current_value",
        "imported_value",
        "dataset",
        "source_id",
        "dataset_date",
        "detected_on",
    ]
    ordering = ["resolved", "-detected_on", "model__name"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark the selected discrepancies resolved", permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[Discrepancy]) -> None:
        with transaction.atomic():
            changing = list(queryset.filter(resolved=False).select_related("model"))
            count = queryset.update(resolved=True)
            self.log_changes(request, changing, "Marked resolved.")
        announce(slugs_showing({row.model for row in changing}))
        self.message_user(request, f"{count} marked resolved.")


@admin.register(Benchmark)
class BenchmarkAdmin(GuardedAdmin):
    list_display = ["name", "family", "variant", "category", "designation", "direction", "unit"]
    list_filter = ["category", "designation", "family"]
    search_fields = ["name", "slug", "family", "variant"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Score)
class ScoreAdmin(GuardedAdmin):
    list_display = [
        "model",
        "benchmark",
        "value",
        "ci_lower",
        "ci_upper",
        "votes",
        "measured_on",
        "measured_by",
        "dataset",
    ]
    list_filter = ["measured_by", "dataset", "benchmark__family", "benchmark", "measured_on"]
    list_select_related = ["model", "benchmark"]
    search_fields = ["model__name", "benchmark__name"]
    autocomplete_fields = ["model", "benchmark"]
    ordering = ["benchmark", "-value"]


@admin.register(AIModelSlug)
class AIModelSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "model", "created_at"]
    list_select_related = ["model"]
    search_fields = ["slug", "model__name"]
    autocomplete_fields = ["model"]
    ordering = ["slug"]


@admin.register(ProviderSlug)
class ProviderSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "provider", "created_at"]
    list_select_related = ["provider"]
    search_fields = ["slug", "provider__name"]
    autocomplete_fields = ["provider"]
    ordering = ["slug"]
