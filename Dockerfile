# The WWidW web service: gunicorn serving Django, static files through WhiteNoise.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and fonts for WeasyPrint's PDF reports.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
RUN DEBUG=1 python manage.py collectstatic --no-input \
    && useradd --system --home-dir /app wwidw \
    && mkdir -p /app/media \
    && chown -R wwidw /app/media

USER wwidw
EXPOSE 8000
# The entrypoint migrates; it loads demo data only with SEED_DEMO=1. Production needs SECRET_KEY
# (DEBUG is then off); gunicorn refuses DEBUG unless WWIDW_LOCAL_DEMO=1 (docker-compose.yml).
ENTRYPOINT ["scripts/docker-entrypoint.sh"]
# gunicorn.conf.py sets the workers (WEB_CONCURRENCY), the port (PORT) and the access log.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wwidw.wsgi"]
