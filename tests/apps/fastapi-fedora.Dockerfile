# FastAPI on Fedora with dnf.
FROM fedora:41
RUN dnf install -y python3-pip python3-devel gcc
WORKDIR /app
COPY requirements.txt .
RUN pip3 install -r requirements.txt
COPY . .
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "80"]
