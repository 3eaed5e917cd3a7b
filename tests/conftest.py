"""Shared by every suite."""

from __future__ import annotations

import pytest

from brandkit import clients


@pytest.fixture()
def fresh_clients():
    """The process's AWS clients, and what is built around them (brandkit.clients.per_process), made anew
    inside the test's moto session and forgotten after it. The one way tests reset them; LocalCloud does
    the same for itself (a new cloud is a new set of Lambda containers)."""
    clients.reset()
    yield clients
    clients.reset()
