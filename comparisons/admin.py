"""Featured comparisons, and the models' list with the price the comparison pages use."""

from datetime import date

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from catalog import admin as catalog_admin
from catalog.models import AIModel, Price
from catalog.units import describe_price, format_usd
from comparisons.metrics import default_offer
from comparisons.models import FeaturedComparison
from comparisons.selectors import model_facts


@admin.register(FeaturedComparison)
class FeaturedComparisonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "note"]
    list_editable = ["position"]
    list_select_related = ["model_a", "model_b"]
    search_fields = ["model_a__name", "model_b__name", "note"]
    autocomplete_fields = ["model_a", "model_b"]
    ordering = ["position", "id"]


def headline_price(model: AIModel) -> str:
    """The default offer's standard input/output or per-image price, as the site shows it."""
    offer = default_offer(model_facts(model, getattr(model, "current_standard_prices", []), []))
    if offer is None:
        return "no price"
    via = "" if offer.by_creator else f" ({offer.host})"
    tokens_in = offer.standard(Price.Component.INPUT_TOKENS, Price.Unit.PER_1M_TOKENS)
    tokens_out = offer.standard(Price.Component.OUTPUT_TOKENS, Price.Unit.PER_1M_TOKENS)
    if tokens_in and tokens_out:
        amounts = f"{format_usd(tokens_in.amount)} / {format_usd(tokens_out.amount)}"
        return f"{amounts} per 1M tokens{via}"
    first = offer.standard(Price.Component.IMAGE_OUTPUT, Price.Unit.PER_IMAGE) or offer.prices[0]
    return describe_price(first.amount, first.component, first.unit) + via


# The catalog's model admin, with a column of the price the comparison pages compare:
# which offer and rate that is, is the comparison engine's to say, not the catalog's.
admin.site.unregister(AIModel)


@admin.register(AIModel)
class AIModelAdmin(catalog_admin.AIModelAdmin):
    list_display = [*catalog_admin.AIModelAdmin.list_display]
    list_display.insert(list_display.index("checked_on"), "current_price")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AIModel]:
        current = Price.objects.current(date.today()).standard().select_related("host")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "prices",
                    queryset=current.order_by("host__name"),
                    to_attr="current_standard_prices",
                )
            )
        )

    @admin.display(description="Current price")
    def current_price(self, obj: AIModel) -> str:
        return headline_price(obj)
