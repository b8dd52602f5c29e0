FROM python:3.11-alpine
RUN apk add --no-cache postgresql-libs
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir flask==3.0.3 psycopg2 gunicorn
COPY . .
USER nobody
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "wsgi:app"]
