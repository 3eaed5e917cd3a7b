"""Code of this checkout that is not an installed package, for the tests and the benchmarks: the Lambda
handlers (functions/<name>/app.py), the layer builder (layers/build_layer.py), scripts and benches (one file
each), and the package folders gpu-jobs/sdxl_worker and tests/. Imported from their files, never by editing
sys.path, so a test or a bench reaches them the same way wherever it runs from.

Meant for a checkout with the editable install (`pip install -e ".[dev]"`), where tests and benches run.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
# Package folders that are not installed: the import name of each and its folder under ROOT.
PACKAGES = {"tests": "tests", "sdxl_worker": "gpu-jobs/sdxl_worker"}


def load_file(relative: str, module_name: str) -> ModuleType:
    """The one-file module at ROOT/relative, executed afresh under module_name (registered in sys.modules,
    where dataclasses and pickle look a module up)."""
    spec = importlib.util.spec_from_file_location(module_name, ROOT / relative)
    if spec is None or spec.loader is None:
        raise ImportError(f"{ROOT / relative} is not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def handler(name: str, module_name: str | None = None) -> ModuleType:
    """functions/<name>/app.py, loaded fresh as Lambda loads it in a new execution environment."""
    return load_file(f"functions/{name}/app.py", module_name or f"handler_{name}")


def import_module(dotted: str) -> ModuleType:
    """A module of one of PACKAGES (e.g. "tests.unit.logo_fixtures", "sdxl_worker.tiny"); its top package is
    registered from its folder first when it is not importable already."""
    top = dotted.split(".", 1)[0]
    if top not in sys.modules:
        folder = ROOT / PACKAGES[top]
        spec = importlib.util.spec_from_file_location(top, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])
        if spec is None or spec.loader is None:
            raise ImportError(f"{folder} is not a package")
        package = importlib.util.module_from_spec(spec)
        sys.modules[top] = package
        spec.loader.exec_module(package)
    return importlib.import_module(dotted)
