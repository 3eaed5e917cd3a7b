"""Browser tests drive the page in web/ against a real `brandkit serve` process (tests/integration/serve_fixture.py)."""
