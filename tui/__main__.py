"""`python -m tui` runs the Marginalia command line."""

from tui.cli import main

raise SystemExit(main())
