"""The local twin: the real state machine and handlers, executed offline on moto.

moto is imported only when a LocalCloud is asked for, so commands that only read the template
(`brandkit cost`, the benches) start without it.
"""

from brandkit_local.twin.sam_template import project_root

__all__ = ["LocalCloud", "project_root"]


def __getattr__(name: str):
    if name == "LocalCloud":
        from brandkit_local.twin.cloud import LocalCloud

        return LocalCloud
    raise AttributeError(name)
