# Wegweiser image: Debian (python:3.11-slim), the Debian packages of the Makefile's APT_PACKAGES
# except chromium (tests only), Python packages from the hashed lock. See docs/operations.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin wegweiser

WORKDIR /app
COPY requirements.lock ./
RUN python -m pip install --no-cache-dir uv==0.13.8 \
    && uv pip install --system --no-cache --require-hashes -r requirements.lock \
    && python -m pip uninstall -y uv

COPY --chown=root:root . .
RUN mkdir -p /app/staticfiles /var/lib/wegweiser/media \
    && chown wegweiser:wegweiser /app/staticfiles /var/lib/wegweiser/media

USER wegweiser
ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    WEGWEISER_BIND=0.0.0.0:8000 \
    WEGWEISER_MEDIA_ROOT=/var/lib/wegweiser/media
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
