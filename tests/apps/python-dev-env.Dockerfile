FROM python:3.12 AS development
WORKDIR /workspace
COPY requirements-dev.txt .
RUN pip install -r requirements-dev.txt
CMD ["sleep", "infinity"]
