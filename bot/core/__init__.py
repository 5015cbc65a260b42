"""The pure core: content model, glossary lookup, triage, schedule arithmetic, rendering.

Synchronous and free of I/O. It may import the standard library (but not asyncio), PyYAML
and rapidfuzz, and never `telegram`, `aiosqlite`, `bot.shell` or `bot.fake_telegram`
(tests/test_architecture.py says so). It is handed text and facts, and gives back values.
"""
