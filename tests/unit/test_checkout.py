"""brandkit_local.checkout: the one way tests and benches reach code that is not an installed package, and
the rule that nothing in tests/ or bench/ edits sys.path to reach it."""

from __future__ import annotations

import ast
import sys

from brandkit_local import checkout


def test_handlers_load_fresh_as_in_a_new_execution_environment():
    first, second = checkout.handler("rationale"), checkout.handler("rationale", "handler_rationale_again")
    assert callable(first.lambda_handler) and first is not second
    assert first.__file__ == str(checkout.ROOT / "functions" / "rationale" / "app.py")
    assert sys.modules["handler_rationale_again"] is second


def test_package_folders_import_with_their_submodules():
    tiny = checkout.import_module("sdxl_worker.tiny")
    assert tiny.__file__ == str(checkout.ROOT / "gpu-jobs" / "sdxl_worker" / "tiny.py")
    assert callable(tiny.make_tokenizer)
    assert checkout.import_module("tests.unit.logo_fixtures").HARD_NAMES


def _sys_path_edits(path) -> list[int]:
    """Lines that call sys.path.insert/append/extend (code only: a child interpreter's source in a string,
    which sets up a stand-in Lambda runtime, is not this process reaching a helper)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("insert", "append", "extend") and ast.unparse(node.func.value) == "sys.path"]


def test_no_test_or_bench_edits_sys_path():
    files = [*(checkout.ROOT / "tests").rglob("*.py"), *(checkout.ROOT / "bench").glob("*.py")]
    assert len(files) > 50
    edits = {str(f.relative_to(checkout.ROOT)): lines for f in files if (lines := _sys_path_edits(f))}
    assert edits == {}, f"use brandkit_local.checkout or a package import instead: {edits}"
