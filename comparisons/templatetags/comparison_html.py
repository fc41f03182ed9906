"""The comparison pages' dense blocks as tags; their markup is in comparisons/rendering.py
and comparisons/form_html.py, the page's layout stays in the templates."""

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString

from comparisons import form_html, rendering
from web.links import page_path

register = template.Library()

register.simple_tag(rendering.table_body, name="head_to_head")
register.simple_tag(rendering.price_tables)
register.simple_tag(rendering.source_items)
register.simple_tag(rendering.faq_items)
register.simple_tag(rendering.faq_cost_swap)
register.simple_tag(rendering.list_items)
register.simple_tag(rendering.cost_results)
register.simple_tag(rendering.about_models)
register.simple_tag(rendering.deprecation_notes)
register.simple_tag(form_html.workload_fields)
register.filter("long_date", rendering.long_date)
register.filter("moment", rendering.moment)


@register.simple_tag
def picker_form(picker: Mapping[str, Any]) -> SafeString:
    """The two-model picker, submitting to the picker page and asking for suggestions."""
    return form_html.picker_form(
        picker, action=page_path("comparisons:picker"), suggest=page_path("catalog:suggest")
    )
