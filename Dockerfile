# The bot, polling Telegram. Build: docker build -t rrmm-bot .
# Run:   docker run -d --name rrmm-bot -e TELEGRAM_BOT_TOKEN=... -v rrmm-data:/data rrmm-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_CONTENT_DIR=/app/content \
    BOT_MIGRATIONS_DIR=/app/migrations \
    BOT_DB_PATH=/data/bot.sqlite3 \
    BOT_WEBHOOK_LISTEN=0.0.0.0

WORKDIR /app
RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot:bot /data

# The package is installed into site-packages from a copy that is then removed, so the
# code that runs is the installed one, never a folder that happens to be the working
# directory. Editing content does not reinstall it. Content and migrations are found
# through BOT_CONTENT_DIR and BOT_MIGRATIONS_DIR (bot/shell/config.py).
COPY pyproject.toml README.md /tmp/src/
COPY bot /tmp/src/bot
RUN pip install /tmp/src && rm -rf /tmp/src

COPY content ./content
COPY migrations ./migrations

USER bot
VOLUME ["/data"]
# python-telegram-bot stops polling cleanly on SIGTERM, which `docker stop` sends.
STOPSIGNAL SIGTERM
# Only used in webhook mode (BOT_WEBHOOK_URL set).
EXPOSE 8443
CMD ["python", "-m", "bot"]
