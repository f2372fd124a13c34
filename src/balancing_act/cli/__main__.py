"""``python -m balancing_act.cli``: the same command line as ``balancing-act``."""

import sys

from balancing_act.cli.commands import main

sys.exit(main())
