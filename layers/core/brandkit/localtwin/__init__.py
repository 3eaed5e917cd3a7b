"""The local twin: the real state machine and handlers, executed offline on moto."""

from brandkit.localtwin.cloud import LocalCloud, project_root

__all__ = ["LocalCloud", "project_root"]
