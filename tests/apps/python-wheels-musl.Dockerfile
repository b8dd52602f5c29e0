FROM python:3.12-slim AS wheels
WORKDIR /wheels
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt lxml

FROM python:3.12-alpine
COPY --from=wheels /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels lxml
COPY . /app
CMD ["python", "/app/run.py"]
