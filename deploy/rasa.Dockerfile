# The Rasa server with our Vietnamese components; the model is trained while the image is built,
# so a container starts with it and never downloads anything.
FROM python:3.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false PYTHONPATH=/app
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY requirements/rasa.txt requirements/rasa.lock requirements/
RUN pip install -r requirements/rasa.txt -c requirements/rasa.lock
COPY config.yml ./
COPY nlu nlu
COPY rasa_addons rasa_addons
COPY bot/dialogue bot/dialogue
RUN rasa train --config config.yml --domain bot/dialogue/domain.yml --data nlu/data bot/dialogue/data \
      --out models --fixed-model-name current
RUN useradd --system --home /app rasauser && chown -R rasauser /app
USER rasauser
EXPOSE 5005
# `rasa run` without TensorFlow unless the model needs it (rasa_addons/patches/lean.py; RASA_LEAN=0: as shipped)
CMD ["python", "-m", "rasa_addons.patches.lean", "run", "--model", "models/current.tar.gz", "--port", "5005", \
     "--credentials", "bot/dialogue/credentials.yml", "--endpoints", "bot/dialogue/endpoints.yml"]
