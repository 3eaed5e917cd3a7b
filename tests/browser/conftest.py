"""Browser tests drive the page in web/ against a real `brandkit serve` process (tests/integration/serve_fixture.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))  # one way to start the server, shared
