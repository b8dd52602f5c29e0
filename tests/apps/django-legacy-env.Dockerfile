# An older Django project: legacy ENV form, secrets in ENV, relative WORKDIR.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE 1
ENV DJANGO_SECRET_KEY=change-me-in-production
WORKDIR app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN python -m compileall .
COPY . .
RUN python manage.py collectstatic --noinput
RUN useradd --system --uid 10001 django
USER 10001
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi"]
