FROM python:3.12-alpine3.20
WORKDIR /api
RUN pip install fastapi uvicorn numpy==1.25.2 pandas==2.1.0
COPY . .
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
