"""``python -m lotdesign.cli``: the same as the ``lotdesign`` command."""

import sys

from lotdesign.cli import main

sys.exit(main())
