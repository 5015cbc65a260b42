"""The command line: run the bot, the terminal demo, check-content, triage and backup.

It wires the shell together and may import every other part, the fake Telegram included
(the demo talks to it).
"""
