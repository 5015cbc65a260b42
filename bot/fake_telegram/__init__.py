"""A local stand-in for the Telegram Bot API on loopback, shared by tests, bench and demo.

`server` answers HTTP like Telegram, `rules` says what Telegram would refuse, `updates`
builds the updates it is fed, and `harness` runs the real Application against it. It may
import `bot.core` and `bot.shell`; nothing in the bot itself imports it.
"""
