"""The public pages' template environment: the filters and functions templates call.

Values are prepared by the views; what is left here is how a value is written
(dates, money, counts) and where a link goes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import jinja2
from django.http import QueryDict
from django.template.defaultfilters import floatformat, pluralize
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django_htmx.jinja import htmx_script
from markupsafe import Markup

from catalog.models import component_label
from catalog.units import describe_price, format_compact, format_count
from comparisons.cost import format_money
from comparisons.metrics import format_date
from pages.tables import table_rows
from web.links import page_path
from web.security import nonce_attribute
from web.seo import DEFAULT_DESCRIPTION, script_safe_json


def long_date(day: date) -> str:
    """'23 November 2026'."""
    return f"{day.day} {day:%B %Y}"


def moment(value: datetime) -> tuple[str, str]:
    """A moment as (machine-readable, '23 November 2026, 14:05 UTC') for a <time> element."""
    local = timezone.localtime(value)
    return local.isoformat(), f"{long_date(local)}, {local:%H:%M} {local.tzname() or ''}"


def django_date(value: date | datetime | None, format_string: str) -> str:
    """Django's `date` filter: '' for no date."""
    if not value:
        return ""
    return dateformat.format(value, format_string)


def price_text(price: Any) -> str:
    """'$2.50 per 1M input tokens': a price (a Price row or a PriceFact) with its own unit."""
    return describe_price(price.amount, price.component, price.unit)


def querystring(query: QueryDict, **changes: Any) -> str:
    """The query with these parameters set (None removes one), as `?a=1&b=2`."""
    params = query.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if not params and not query:
        return ""
    return f"?{params.urlencode()}"


def script_json(data: Any) -> Markup:
    """Data as JSON that is safe inside a <script> element (see web.seo.script_safe_json)."""
    return Markup(script_safe_json(data))


class Macros:
    """The macros of one template, which every template calls by the global's name
    (`components.dissent(...)`) instead of importing it in each block.

    An `{% import %}` costs a set difference over the template's globals every time
    it runs, and a fragment htmx asks for must import again in its own block; this
    is the same module an import without context gives, looked up once per macro
    (each time while templates reload, so an edited macro shows at once).
    """

    def __init__(self, env: jinja2.Environment, name: str) -> None:
        self._env = env
        self._name = name

    def __getattr__(self, macro: str) -> Any:
        if macro.startswith("_"):
            raise AttributeError(macro)
        found = getattr(self._env.get_template(self._name).module, macro)
        if not self._env.auto_reload:
            setattr(self, macro, found)
        return found


def environment(**options: Any) -> jinja2.Environment:
    options["undefined"] = jinja2.StrictUndefined
    env = jinja2.Environment(**options, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        components=Macros(env, "components.html"),
        blocks=Macros(env, "comparisons/blocks.html"),
        url=page_path,
        static=static,
        htmx_script=htmx_script,
        nonce_attribute=nonce_attribute,
        querystring=querystring,
        table_rows=table_rows,
        DEFAULT_DESCRIPTION=DEFAULT_DESCRIPTION,
    )
    env.filters.update(
        date=django_date,
        short_date=format_date,
        long_date=long_date,
        moment=moment,
        count=format_count,
        compact=format_compact,
        floatformat=floatformat,
        pluralize=pluralize,
        price_text=price_text,
        money=format_money,
        component_label=component_label,
        script_json=script_json,
    )
    return env
