"""Telegram handlers, one module per feature; `routes.register` adds them all, in order.

Each handler reads its update, makes one call into `bot.core` and sends the reply.
"""
