# A Python worker that downloads a model file at build time.
FROM python:3.12-slim
RUN apt-get update && apt-get install -y curl wget
RUN wget https://example.com/models/classifier.bin -O /opt/classifier.bin
RUN curl -fsSL https://install.python-poetry.org | python3 -
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN /root/.local/bin/poetry install --no-root
COPY . .
CMD ["/root/.local/bin/poetry", "run", "python", "-m", "worker"]
