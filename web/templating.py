"""Jinja2 as the engine of the public pages, with what Django's own engine gives for free.

- htmx fragments: `"page.html#results"` renders only the block `results` of
  `page.html` (jinja2-fragments), as `{% partialdef %}` did, so one template
  holds a page and the fragments htmx swaps into it.
- The test client sees what was rendered and with which context
  (`response.context`, `response.templates`), through Django's
  `template_rendered` signal, sent only when something listens.

The admin keeps Django's engine; see TEMPLATES in config/settings.py.
"""

from __future__ import annotations

from typing import Any

import jinja2
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2 as DjangoJinja2
from django.template.backends.jinja2 import Template as DjangoTemplate
from django.test.signals import template_rendered
from django.utils.functional import lazy
from jinja2_fragments import render_block

_csrf_token = lazy(get_token, str)  # made once: lazy() builds a class each call


def like_django(html: str) -> str:
    """Quotes written as Django writes them (`&quot;`, `&#x27;`), not as Jinja2 does
    (`&#34;`, `&#39;`), so pages read the same whichever engine wrote them. Both are
    references to the same character: the swap never changes what a page says."""
    return html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


class Template(DjangoTemplate):
    """A page template, or with `block` the one fragment of it that htmx asked for."""

    def __init__(self, template: jinja2.Template, backend: Jinja2, block: str = "") -> None:
        super().__init__(template, backend)
        self.block = block
        self.name = f"{template.name}#{block}" if block else template.name

    def render(
        self, context: dict[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        context = {} if context is None else context
        if request is not None:
            context["request"] = request
            context["csrf_token"] = _csrf_token(request)
            for processor in self.backend.template_context_processors:
                context.update(processor(request))
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=context)
        if self.block:
            return like_django(
                render_block(self.backend.env, self.template.name, self.block, context)
            )
        return like_django(self.template.render(context))


class Jinja2(DjangoJinja2):
    def get_template(self, template_name: str) -> Template:
        name, _, block = template_name.partition("#")
        found = super().get_template(name)
        if block and block not in found.template.blocks:
            raise TemplateDoesNotExist(f"{name} has no block {block!r}", backend=self)
        return Template(found.template, self, block)

    def from_string(self, template_code: str) -> Template:
        return Template(self.env.from_string(template_code), self)
