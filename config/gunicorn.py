"""gunicorn's settings for Versus: `gunicorn -c config/gunicorn.py config.wsgi`.

Production runs behind a buffering reverse proxy (README), which reads each
request whole before passing it on, so a slow client costs the proxy a socket
and never a worker. Behind it or not, workers run threads: a client that
trickles its request in holds one thread, not the whole worker, and pages
keep being served. Every value can be overridden from the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new
# connections across them. On one shared socket the worker that wakes first can take
# every connection a proxy or client opens at once, keeping them alive on its one
# core while the other workers idle. The cost: a connection still queued on a worker
# that stops (a restart) is refused rather than taken by another.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "1") != "0"
# A worker that stops answering its master for this long is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
backlog = int(os.environ.get("GUNICORN_BACKLOG", "256"))
# Bounded request heads: no client can make a worker buffer an unbounded header.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
