"""MotCua's WSGI application with the benchmarks' trivial "hello" view added (bench_queue_catalog.add_hello_url):
what bench_gunicorn_pages.py serves, so the reference runs behind the same middleware in the same gunicorn."""

from bench_queue_catalog import add_hello_url

from motcua.wsgi import application

add_hello_url()

__all__ = ["application"]
