"""`python -m bot`: the command line lives in bot/cli/main.py."""

import sys

from bot.cli.main import guarded_main

if __name__ == "__main__":
    sys.exit(guarded_main())
