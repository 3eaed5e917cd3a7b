"""brandkit.forked: work spread over forked processes gives what the same work gives in one, in order, and a
failure in a child is raised in the parent; the process count follows Lambda's memory size."""

from __future__ import annotations

import os
import signal

import pytest

from brandkit.forked import cpus, map_forked, shares


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_come_back_in_order_computed_in_more_than_one_process():
    items = list(range(10))
    results = map_forked(square_and_pid, items, [1.0] * len(items), 3)
    assert [r for r, _ in results] == [x * x for x in items]
    pids = {pid for _, pid in results}
    assert len(pids) == 3 and os.getpid() in pids


def test_one_process_or_one_item_forks_nothing():
    assert {pid for _, pid in map_forked(square_and_pid, [1, 2, 3], [1, 1, 1], 1)} == {os.getpid()}
    assert map_forked(square_and_pid, [4], [1], 8) == [(16, os.getpid())]


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError(f"item {x} is bad")
    return x


def test_an_exception_in_a_child_is_raised_in_the_parent():
    # the costs put items 2 and 3 in the second share, which a child computes (the first is this process's)
    with pytest.raises(ValueError, match="item 3 is bad"):
        map_forked(fail_on_three, [1, 2, 3], [2, 1, 1], 2)


def die_on_three(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_a_child_that_dies_is_named_not_waited_for_forever():
    with pytest.raises(ChildProcessError, match="without an answer"):
        map_forked(die_on_three, [1, 2, 3], [2, 1, 1], 2)


def test_shares_balance_the_cost_largest_first():
    costs = [3686400, 2073600, 1500000, 1458000, 1166400, 810000, 792000]
    parts = shares(costs, 2)
    totals = sorted(sum(costs[i] for i in part) for part in parts)
    assert sorted(i for part in parts for i in part) == list(range(len(costs)))
    assert totals[1] - totals[0] <= max(costs) / 2
    assert shares([1.0], 4) == [[0]]


@pytest.mark.parametrize(("memory", "expected"), [("2048", 1), ("3538", 2), ("1024", 1), ("10240", 2)])
def test_on_lambda_the_memory_size_buys_the_cores(monkeypatch, memory, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory)
    assert cpus() == expected
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    assert cpus() == 2
