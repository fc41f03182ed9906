"""Count the queries a request makes, in a process configured like the server.

Run as `python -m bench.probe PATH...` with the server's
environment; prints {path: queries} as JSON. Each path is requested twice and
the second request counted, which is what a warmed-up server does.
"""

from __future__ import annotations

import json
import os
import sys


def main(paths: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            if response.streaming:  # a sitemap page queries as it streams
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[path] = len(queries.captured_queries)
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1:])
