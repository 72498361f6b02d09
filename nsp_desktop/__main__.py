"""`python -m nsp_desktop` does what the `nsp-desktop` command does."""

import sys

from nsp_desktop.cli import main

sys.exit(main())
