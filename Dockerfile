# syntax=docker/dockerfile:1
# One image for every role of Regiotoezicht; the Helm chart (helm/regiotoezicht) picks the command:
#   web        gunicorn --config python:regiotoezicht.gunicorn_config 'regiotoezicht.app:create_app()'  (default)
#   workers    flask regio worker default | mail | reports
#   scheduler  flask regio scheduler
#   migrations flask db upgrade   (as the owner role: DATABASE_OWNER_URL)
# The same commands run on a machine without containers (README, "In productie").
# No secrets are baked in: every setting comes from the environment at run time.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the wheel of the app and its dependencies in a virtualenv -----------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml setup.py constraints.txt README.md ./
COPY platform ./platform
COPY tenants ./tenants
COPY blueprints ./blueprints
COPY migrations ./migrations
# Every dependency ships as a binary wheel (psycopg[binary], argon2-cffi, cffi): no compiler here
# either. The wheel carries templates, static files, seed data and the migrations.
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip wheel --no-deps --wheel-dir /wheels . \
 && /opt/venv/bin/pip install --constraint constraints.txt "$(ls /wheels/regiotoezicht-*.whl)[s3]" \
 && /opt/venv/bin/python -m compileall -q /opt/venv/lib

# --- run: slim Python, WeasyPrint's system libraries and fonts, a non-root user ---------------------
FROM ${PYTHON_IMAGE}
# Pango/HarfBuzz/fontconfig for WeasyPrint's PDFs (reports), DejaVu and Liberation fonts; no
# compilers, no package caches.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      libjpeg62-turbo libopenjp2-7 shared-mime-info \
      fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 regiotoezicht \
 && useradd --system --uid 10001 --gid regiotoezicht --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin regiotoezicht
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FLASK_APP=regiotoezicht.app:create_app \
    REGIOTOEZICHT_ENV=production \
    INSTANCE_PATH=/tmp/regiotoezicht \
    TMPDIR=/tmp \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    PORT=8000
# The root filesystem may be read-only: the app writes nothing but temporary files under /tmp
# (fontconfig's cache for WeasyPrint included, through HOME and XDG_CACHE_HOME).
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000
CMD ["gunicorn", "--config", "python:regiotoezicht.gunicorn_config", "regiotoezicht.app:create_app()"]
