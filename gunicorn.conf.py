"""gunicorn's settings for the web service: `gunicorn -c gunicorn.conf.py wwidw.wsgi`.

The Dockerfile and the benchmarks start gunicorn with this file; options on the command line
override it (the benchmarks pass their own address and worker count).

WEB_CONCURRENCY  worker processes (default: the number of cores + 1)
PORT             the port to listen on, on every address (default 8000)
"""

import gc
import os

# gunicorn's rule of thumb is 2 × cores + 1 workers, for workers that mostly wait on I/O. Ours
# mostly compute: a page spends several times its SQL time in Python (bench/README.md,
# bench/pages.py), so workers beyond the cores only queue for the CPU and each costs its memory.
# One more than the cores keeps a core busy while a worker waits on PostgreSQL or renders a PDF.
# In a container limited to fewer cores than the machine has, set WEB_CONCURRENCY.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Import Django and the whole site once in the master, then fork: the workers share those
# pages of memory and start at once.
preload_app = True

accesslog = "-"
# Its lines without the tokens of invitation and password reset links (wwidw/log_privacy.py).
logger_class = "wwidw.log_privacy.GunicornLogger"


def when_ready(server) -> None:
    """In the master, after the site is loaded and before the workers fork: move every object
    that exists now out of reach of the garbage collector.

    A worker's full collection then no longer walks Django's and the site's start-up objects
    (shorter pauses), nor writes to their pages (which would copy them into every worker).
    """
    gc.collect()
    gc.freeze()
