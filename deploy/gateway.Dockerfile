# The gateway and the action server (one image, two commands). Built from the repository root:
#   docker compose build
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements/gateway.txt requirements/gateway.lock requirements/
RUN pip install -r requirements/gateway.txt -c requirements/gateway.lock
COPY alembic.ini ./
COPY bot bot
COPY actions actions
COPY knowledge knowledge
COPY nlu nlu
RUN useradd --system --home /app appuser && chown -R appuser /app
USER appuser
EXPOSE 8000
# --proxy-headers: the reverse proxy's X-Forwarded-* (client address for rate limits, https), believed
# only from FORWARDED_ALLOW_IPS (uvicorn reads it; docker-compose.yml sets the proxy's fixed address)
# --ws-per-message-deflate false: chat frames are small; compressing them cost more CPU and memory than it saved
CMD ["uvicorn", "bot.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--ws-max-size", "65536", "--ws-per-message-deflate", "false", "--no-access-log"]
