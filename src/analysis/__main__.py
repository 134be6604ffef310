"""``python -m analysis``: see :mod:`analysis.cli.commands`."""

import sys

from analysis.cli.commands import main

sys.exit(main())
