"""Demo data and benchmarks: ``manage.py seed_demo`` and ``manage.py bench_digest``.

Development tooling that stands on top of the product apps: it seeds through their
services, and no product app imports it.
"""
