"""No import cycle inside the core library (issue 19).

The graph is grimp's (import-linter's engine): every import statement of every module of `brandkit`, including
imports inside functions and under `if TYPE_CHECKING:`. Both count because a cycle through a deferred or a
type-only import is still two modules that each need the other: it is a layering fault whether or not Python
happens to execute it, and mypy follows type-only imports too. (Today the rule costs nothing: no such cycle exists.)
A package's `__init__` importing its own submodules is not an edge back from them, so re-exports are fine.
"""

from __future__ import annotations

import grimp
import networkx as nx


def core_import_graph() -> nx.DiGraph:
    imports = grimp.build_graph("brandkit", exclude_type_checking_imports=False, cache_dir=None)
    graph = nx.DiGraph()
    graph.add_nodes_from(imports.modules)
    for module in imports.modules:
        graph.add_edges_from((module, imported) for imported in imports.find_modules_directly_imported_by(module))
    return graph


def test_the_core_library_has_no_import_cycle():
    graph = core_import_graph()
    assert len(graph) > 100 and graph.has_edge("brandkit.rationale.kit", "brandkit.rationale.grounding")
    cycles = [sorted(group) for group in nx.strongly_connected_components(graph) if len(group) > 1]
    assert cycles == [], f"modules that import each other (directly or through others): {cycles}"


def test_the_check_sees_imports_inside_functions_and_for_type_checking_only():
    graph = core_import_graph()
    assert graph.has_edge("brandkit.bkg", "brandkit.bkg.embedded")  # inside default_graph's helpers
    assert graph.has_edge("brandkit.rationale.grounding", "brandkit.artifacts")  # under TYPE_CHECKING only
