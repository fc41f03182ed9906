"""WSGI entry point: `gunicorn config.wsgi`."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Load the URLconf, and with it every view, now rather than on the first
# request; then exempt everything loaded so far from garbage collection.
# Those objects live as long as the worker, and without this each full
# collection walks all of them again (measured: a tenth of an uncached page).
import_module(settings.ROOT_URLCONF)
gc.freeze()
