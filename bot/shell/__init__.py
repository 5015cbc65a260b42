"""The shell: everything that touches Telegram, the database, the clock or the disk.

Handlers translate an update into one call of `bot.core` and send what comes back; the
store owns every SQL statement; delivery and the scheduler own sending tips. It may import
`bot.core`, python-telegram-bot and aiosqlite, never `bot.fake_telegram`.
"""
