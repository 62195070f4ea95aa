#!/bin/sh
# Prepare the database as `make run` does, then start the given command (gunicorn).
# Demo data (accounts whose password is public) only when asked: SEED_DEMO=1, as
# docker-compose.yml does for the local demo. gunicorn itself refuses DEBUG unless
# WWIDW_LOCAL_DEMO=1 (wwidw/settings.py).
set -e
python manage.py migrate --no-input
python manage.py createcachetable
# Kept monitoring reports of an earlier renderer or print styles: the worker renders them again.
python manage.py keep_reports
if [ "${SEED_DEMO:-0}" = "1" ]; then
    python manage.py seed_demo
fi
exec "$@"
