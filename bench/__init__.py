"""`manage.py bench`: the production stack on loopback, driven by wrk.

`stack` starts and stops what is measured (databases, caches, gunicorn),
`wrk` drives it, `probe` counts queries in-process, `report` turns the
figures into docs/PERFORMANCE.md and judges them against the targets, and
`run` puts the pieces in order.
"""
