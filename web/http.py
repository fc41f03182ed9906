"""What every htmx-aware view needs: the request type and the partial choice; and the
redirect from a page's old address."""

from django.conf import settings
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def template_for(request: HtmxHttpRequest, template: str, partials: set[str], default: str) -> str:
    """The whole template, or for an htmx request that is not a history restore the
    block named by the id of the element it targets (`default` otherwise); a block's
    name is the id with "_" for "-" (`cost-calculator` is the block `cost_calculator`)."""
    if request.htmx and not request.htmx.history_restore_request:
        target = request.htmx.target if request.htmx.target in partials else default
        return f"{template}#{target.replace('-', '_')}"
    return template


def moved(url: str) -> HttpResponsePermanentRedirect:
    """A 301 to a page's current address that browsers keep only briefly.

    Browsers keep a bare 301 forever, but our old addresses come from renames an
    editor can undo: a rename reverted must not leave visitors in a redirect loop.
    """
    response = HttpResponsePermanentRedirect(url)
    patch_cache_control(response, public=True, max_age=settings.MOVED_MAX_AGE)
    return response
