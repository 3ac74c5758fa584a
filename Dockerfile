# Production image: gunicorn serving Django, static files through whitenoise.
# Migrations are a release step (see docker-compose.yml), never run at start-up.
FROM python:3.11-slim

# Send logs straight to the container's output, so nothing is lost on a crash.
ENV PYTHONUNBUFFERED=1
# No .pyc files: they would only add weight to the image.
ENV PYTHONDONTWRITEBYTECODE=1
# Production settings refuse to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
ENV DJANGO_SETTINGS_MODULE=ms_portal.settings.production
# The port gunicorn listens on; platforms that assign one override it.
ENV PORT=8000

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

# Dependencies first, so this layer is reused until requirements.txt changes.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=portal:portal . .

# collectstatic needs settings to load, not real secrets or a database.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite://:memory: \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media && chown portal:portal /app/media

USER portal
EXPOSE 8000
# gunicorn reads WEB_CONCURRENCY for the number of workers.
CMD ["sh", "-c", "exec gunicorn ms_portal.wsgi:application --bind 0.0.0.0:${PORT} --access-logfile - --forwarded-allow-ips='*'"]
