from django.contrib import admin

from comparisons.models import FeaturedComparison


@admin.register(FeaturedComparison)
class FeaturedComparisonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "note"]
    list_editable = ["position"]
    list_select_related = ["model_a", "model_b"]
    search_fields = ["model_a__name", "model_b__name", "note"]
    autocomplete_fields = ["model_a", "model_b"]
    ordering = ["position", "id"]
