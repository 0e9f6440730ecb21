# Briefbot as a container: CPU-only torch, the bundled models baked in, a non-root user.
#
#   docker build -t briefbot .
#   docker run -d --name briefbot --init --env-file .env -v briefbot-data:/data \
#       --stop-timeout 30 -p 127.0.0.1:8443:8443 briefbot
#
# See the README ("Deployment") for the settings and the reverse proxy in front of a webhook.

# ---------------------------------------------------------------- build: the virtualenv
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
# torch first, from PyTorch's CPU index: the torch==2.13.0 wheel on PyPI for Linux x86_64 is
# the CUDA build, which pulls several GB of NVIDIA libraries the bot never uses. pip then
# counts 2.13.0+cpu as meeting the project's torch==2.13.0 pin and leaves it be.
WORKDIR /src
COPY scripts/install-torch scripts/install-torch
RUN TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu scripts/install-torch /opt/venv/bin/python
COPY pyproject.toml README.md LICENSE ./
COPY bot bot
COPY handlers handlers
COPY nlp nlp
COPY storage storage
RUN /opt/venv/bin/pip install .

# ---------------------------------------------------------------- run
FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin briefbot \
 && mkdir -p /data && chown briefbot:briefbot /data
COPY --from=build /opt/venv /opt/venv
# Only what analysis loads: resources.json and the Indonesian and English models, not the recipe.
COPY models/resources.json /app/models/resources.json
COPY models/id /app/models/id
COPY models/en /app/models/en
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MODELS_DIR=/app/models \
    DATABASE_PATH=/data/briefbot.sqlite3 \
    WEBHOOK_LISTEN=0.0.0.0 \
    WEBHOOK_PORT=8443 \
    LOG_FORMAT=json
WORKDIR /app
USER briefbot
VOLUME ["/data"]
EXPOSE 8443
# Webhook mode: the running bot's /healthz (database, models, queue). Long polling serves no
# HTTP: the same checks then run in the health-check process, without loading the models.
HEALTHCHECK --interval=60s --timeout=30s --start-period=120s --retries=3 \
    CMD ["briefbot", "check", "--live"]
# SIGTERM (docker stop) ends it cleanly: updates taken are handled, an analysis cut short stays
# pending in /data and is done at the next start. Give it --stop-timeout 30 (default is 10 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["briefbot"]
CMD ["run"]
