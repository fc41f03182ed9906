"""What every htmx-aware view needs: the request type and the partial choice."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def template_for(request: HtmxHttpRequest, template: str, partials: set[str], default: str) -> str:
    """The whole template, or for an htmx request that is not a history restore the
    partial whose name is the id of the element it targets (`default` otherwise)."""
    if request.htmx and not request.htmx.history_restore_request:
        target = request.htmx.target if request.htmx.target in partials else default
        return f"{template}#{target}"
    return template
