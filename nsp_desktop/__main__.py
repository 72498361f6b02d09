"""`python -m nsp_desktop` does what the `nsp-desktop` command does."""

import sys

from nsp_desktop.app import main

sys.exit(main())
