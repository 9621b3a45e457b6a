"""`python -m assistant`: the app, or a subcommand from a shell (`assistant/cli.py`)."""
import sys

from assistant.cli import main

sys.exit(main())
