# The bot, polling Telegram. Build: docker build -t rrmm-bot .
# Run:   docker run -d --name rrmm-bot -e TELEGRAM_BOT_TOKEN=... -v rrmm-data:/data rrmm-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_CONTENT_DIR=/app/content \
    BOT_DB_PATH=/data/bot.sqlite3 \
    BOT_WEBHOOK_LISTEN=0.0.0.0

WORKDIR /app
RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot:bot /data

# Dependencies first, so editing content does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .

COPY content ./content
COPY migrations ./migrations

USER bot
VOLUME ["/data"]
# python-telegram-bot stops polling cleanly on SIGTERM, which `docker stop` sends.
STOPSIGNAL SIGTERM
# Only used in webhook mode (BOT_WEBHOOK_URL set).
EXPOSE 8443
CMD ["python", "-m", "bot"]
