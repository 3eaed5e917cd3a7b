"""CPU-bound work spread over the cores a function has, in forked child processes.

resvg holds the GIL while it rasterises and encodes, in resvg-py as in the `resvg` binding that replaced it
(the twelve social canvases: 0.28 s serial, 0.33 s in two threads, 2026-12-02), so only processes run it in
parallel. Lambda gives a function about one vCPU per 1769 MB of memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE), while
the machine it runs on shows more cores. Plain os.fork and a pipe per child, not multiprocessing: Lambda has
no /dev/shm for multiprocessing's semaphores, and the twin's worker processes are daemonic (multiprocessing
refuses them children).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MB_PER_VCPU = 1769  # Lambda: "at 1,769 MB, a function has the equivalent of one vCPU"


def cpus() -> int:
    """The cores this process may use: on Lambda as many as its memory size buys, else the CPU affinity (1 where
    there is no fork)."""
    if not hasattr(os, "fork"):
        return 1
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1  # macOS
    memory = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "")
    if memory.isdigit():
        return max(1, min(available, int(memory) // MB_PER_VCPU))
    return available


def shares(costs: Sequence[float], processes: int) -> list[list[int]]:
    """Indices of the items, split into `processes` shares of about equal cost (largest first, each to the
    share with the least so far)."""
    out: list[list[int]] = [[] for _ in range(max(1, min(processes, len(costs))))]
    totals = [0.0] * len(out)
    for i in sorted(range(len(costs)), key=lambda i: -costs[i]):
        least = totals.index(min(totals))
        out[least].append(i)
        totals[least] += costs[i]
    return out


def map_forked(fn: Callable[[T], R], items: Sequence[T], costs: Sequence[float], processes: int) -> list[R]:
    """[fn(item) for item in items], the items split by cost over `processes` processes: this one and forked
    children, each sending its results back pickled through a pipe. `fn` must only compute (no clients, no
    threads, no logging: a forked child has only the thread that forked it). An exception in a child is
    raised here; a child that dies without an answer raises ChildProcessError."""
    parts = shares(costs, processes)
    if len(parts) <= 1:
        return [fn(item) for item in items]
    children = [(_fork(fn, [items[i] for i in part]), part) for part in parts[1:]]
    try:
        results: dict[int, R] = {i: fn(items[i]) for i in parts[0]}
    finally:  # every child is waited for, even when this process's share failed
        answers = [(_answer(pid, read), part) for (pid, read), part in children]
    for (ok, value), part in answers:
        if not ok:
            raise value
        results.update(zip(part, value, strict=True))
    return [results[i] for i in range(len(items))]


def _answer(pid: int, read: int) -> tuple[bool, Any]:
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not answer:
        return False, ChildProcessError(f"a forked worker ended without an answer (wait status {status})")
    ok, value = pickle.loads(answer)
    return ok, value


def _fork(fn: Callable[[T], R], items: list[T]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    try:  # the child: answer through the pipe and leave without running anything of the parent's
        try:
            answer = pickle.dumps((True, [fn(item) for item in items]))
        except BaseException as exc:  # noqa: BLE001  (every failure goes back to the parent)
            try:
                answer = pickle.dumps((False, exc))
            except Exception:  # noqa: BLE001  (an exception that does not pickle)
                answer = pickle.dumps((False, RuntimeError(repr(exc))))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(answer)
    finally:
        os._exit(0)
