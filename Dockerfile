# syntax=docker/dockerfile:1
#
# The CoP platform image: one image for every process (web, worker, beat, migrate).
# docker-compose.yml picks the process by overriding the command; the default is
# the web server (gunicorn on port 8000).
#
#   docker build -t cop-platform:latest .
#
# Two stages: `build` installs the pinned runtime dependencies into a virtualenv,
# compiles the translations and collects the static files; `runtime` copies just
# the result onto a clean slim image and runs it as an unprivileged user.

# --- build -----------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# gettext provides msgfmt for `manage.py compilemessages`; only this stage needs it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv

WORKDIR /app

# Dependencies first, so that a source-only change reuses this layer.
# requirements.lock holds the runtime dependencies only, every version pinned.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Settings refuse to start without a real SECRET_KEY when DEBUG is off, and the
# build must run with production settings (so collectstatic writes the hashed,
# compressed manifest that whitenoise serves). The throwaway key below exists only
# in the environment of this one RUN step: it is not set in the final image, and
# the running containers get their SECRET_KEY from the environment.
ARG BUILD_SECRET_KEY=build-only-throwaway-key-never-used-at-runtime-0123456789abcdef
RUN DEBUG=0 SECRET_KEY="${BUILD_SECRET_KEY}" \
        python manage.py compilemessages \
    && DEBUG=0 SECRET_KEY="${BUILD_SECRET_KEY}" \
        python manage.py collectstatic --noinput \
    && python -m compileall -q /app \
    && rm -f /app/db.sqlite3 \
    && rm -rf /app/var

# --- runtime ---------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cop_platform.settings \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

# An unprivileged user with a fixed id, so volume permissions are predictable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv
# The code and the collected static files stay owned by root: the app only reads them.
COPY --from=build /app /app

# The only places the app writes: uploads (a named volume in docker-compose.yml;
# a fresh volume takes this directory's owner) and the local var/ directory.
RUN mkdir -p /app/media /app/var \
    && chown app:app /app/media /app/var

WORKDIR /app
USER 10001:10001

EXPOSE 8000

# gunicorn reads the number of worker processes from WEB_CONCURRENCY (default 3,
# set above; override it per container). /dev/shm keeps the worker heartbeat files
# off the container's overlay filesystem.
CMD ["gunicorn", "cop_platform.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
