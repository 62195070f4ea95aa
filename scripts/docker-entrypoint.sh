#!/bin/sh
# Prepare the database as `make run` does, then start the given command (gunicorn).
set -e
python manage.py migrate --no-input
python manage.py createcachetable
if [ "${SEED_DEMO:-1}" = "1" ]; then
    python manage.py seed_demo
fi
exec "$@"
