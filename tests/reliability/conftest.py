import sys
from pathlib import Path

# The reliability suites reuse the unit tests' fixtures (kits, Messages API bodies, respx for httpx2).
sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))
