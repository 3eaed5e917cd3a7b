"""Browser tests drive the page in web/ against a real `brandkit serve` process (tests/integration/serve_fixture.py)."""

import pytest

from tests.integration.serve_fixture import serve


@pytest.fixture(scope="module")
def served():
    with serve() as server:
        yield server
