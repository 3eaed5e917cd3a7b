"""`brandkit generate`: one brief, or a batch of them, run through the local twin.

One brief writes its kit into --out, with each state shown as it finishes. Several briefs (files, folders of
*.json, globs) run --jobs at a time on one twin, whose functions run in worker processes as on Lambda, and each
kit goes to --out/<brief file stem>/; a failed brief does not stop the others, and the run ends with a summary.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.markup import escape

from brandkit.brief import BriefError, parse_brief
from brandkit_local import revise_command

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def load_brief_file(path: Path) -> tuple[Any, dict[str, bytes]]:
    """Read and validate a brief file; an existing_logo path is read relative to the brief."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefError([{"field": "brief", "message": f"file {str(path)!r} does not exist"}]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BriefError([{"field": "brief", "message": f"is not valid UTF-8 JSON ({exc})"}]) from None
    brief = parse_brief(data)
    uploads: dict[str, bytes] = {}
    if brief.existing_logo:
        logo = (path.parent / brief.existing_logo).resolve()
        if not logo.is_file():
            raise BriefError(
                [{"field": "existing_logo", "message": f"file {brief.existing_logo!r} not found beside the brief"}]
            )
        uploads[logo.name] = logo.read_bytes()
        brief = brief.model_copy(update={"existing_logo": logo.name})
    return brief, uploads


def expand_briefs(arguments: list[str]) -> list[Path]:
    """Brief files from files, folders (their *.json) and glob patterns, in order, each once."""
    paths: list[Path] = []
    for arg in arguments:
        if Path(arg).is_dir():
            found = sorted(Path(arg).glob("*.json"))
        elif glob.has_magic(arg):
            found = sorted(Path(p) for p in glob.glob(arg, recursive=True) if Path(p).is_file())
        else:
            found = [Path(arg)]  # a missing file is reported as that brief's error
        if not found:
            raise BriefError([{"field": "brief", "message": f"{arg!r} matches no brief files"}])
        paths.extend(p for p in found if p.resolve() not in {q.resolve() for q in paths})
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems:
            raise BriefError([{"field": "brief", "message": f"{str(stems[path.stem])!r} and {str(path)!r} would both "
                                                            f"write {path.stem}/; rename one"}])
        stems[path.stem] = path
    return paths


def sdxl_environment(
    model_dir: Path, steps: int | None, resolution: int | None, verbose: bool = False
) -> dict[str, str]:
    """The Batch worker's settings for a model folder; --resolution is checked against the model's own size."""
    config = model_dir / "unet" / "config.json"
    vae = model_dir / "vae" / "config.json"
    if not (config.is_file() and vae.is_file()):
        raise BriefError([{"field": "--model-dir", "message": f"{str(model_dir)!r} is not a diffusers SDXL folder "
                                                               "(no unet/config.json or vae/config.json)"}])
    try:
        sample_size = int(json.loads(config.read_text("utf-8"))["sample_size"])
        scale = 2 ** (len(json.loads(vae.read_text("utf-8"))["block_out_channels"]) - 1)
    except (ValueError, KeyError, TypeError) as exc:
        raise BriefError([{"field": "--model-dir", "message": f"unreadable model config ({exc})"}]) from None
    native = sample_size * scale  # SDXL base: 128 x 8 = 1024; the tiny test model: 32 x 2 = 64
    low, high = max(64, native // 2), min(2048, native * 2)
    resolution = resolution or native
    if not (low <= resolution <= high and resolution % 8 == 0):
        raise BriefError(
            [
                {
                    "field": "--resolution",
                    "message": f"{resolution} is outside what this model draws: a "
                    f"multiple of 8 from {low} to {high} (native {native})",
                }
            ]
        )
    if steps is not None and not 1 <= steps <= 150:
        raise BriefError([{"field": "--steps", "message": f"{steps} is not between 1 and 150"}])
    # One torch thread: the worker shares this machine with the twin's interpreter and worker processes, and two
    # spinning torch threads on a busy 2-core machine took 36 s where one took 3.5 s (tiny model, 4 x 30 steps).
    env = {"MODEL_DIR": str(model_dir.resolve()), "RESOLUTION": str(resolution), "TORCH_NUM_THREADS": "1"}
    if not verbose:  # the libraries' own progress bars and warnings would scroll over the progress display
        env.update(
            {
                "TRANSFORMERS_VERBOSITY": "error",
                "DIFFUSERS_VERBOSITY": "error",
                "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
            }
        )
    if steps:
        env["STEPS"] = str(steps)
    return env


def print_brief_errors(console, exc: BriefError, heading: str = "The brief is not valid:") -> None:
    console.print(f"[bold red]{escape(heading)}[/]")
    for err in exc.errors:
        console.print(f"  [bold]{escape(err['field'])}[/]: {escape(err['message'])}")


@dataclass
class Outcome:
    brief: Path
    ok: bool
    detail: str  # where the kit went, or why it failed
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)


class Failures:
    """brand.kit.failed events by job, drained from the twin's subscriber queue once for every waiting thread."""

    def __init__(self, cloud):
        self.cloud = cloud
        self._lock = threading.Lock()
        self._events: dict[str, dict[str, Any]] = {}

    def cause(self, job_id: str) -> str:
        with self._lock:
            for event in self.cloud.events():
                if event.get("type") == "brand.kit.failed":
                    self._events[event["job_id"]] = event
            event = self._events.get(job_id)
        if not event:
            return "the workflow failed and no failure event was published"
        return f"state {event['stage']}: {event.get('error', '')}: {event.get('cause', '')}"


class StepLog(logging.Handler):
    """The Batch worker's log, shown in the progress display instead of as JSON lines on the terminal."""

    def __init__(self, progress: Progress):
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "denoise step":
            step = record.__dict__  # the worker's extra= fields
            self.progress.detail = f"denoise step {step['step']} of {step['steps']}"
        elif record.levelno >= logging.WARNING:
            self.progress.console.print(f"  [yellow]GPU worker[/]: {escape(record.getMessage())}")
        else:
            self.progress.detail = record.getMessage()
        self.progress.refresh()


class Progress:
    """Prints each state as it finishes, with its duration; the spinner names the running ones."""

    def __init__(self, console):
        self.console = console
        self.status = None
        self.detail = ""  # what the running state reports (the GPU worker's denoising step)
        self.running: dict[str, float] = {}

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        if kind.endswith("StateEntered"):
            self.running[event["stateEnteredEventDetails"]["name"]] = event["timestamp"].timestamp()
        elif kind.endswith("StateExited"):
            name = event["stateExitedEventDetails"]["name"]
            began = self.running.pop(name, event["timestamp"].timestamp())
            ms = (event["timestamp"].timestamp() - began) * 1000
            self.console.print(f"  [green]done[/]  {name:<22} {ms:8.0f} ms")
            self.detail = ""
        elif kind.endswith(("Failed", "TimedOut")):
            self.console.print(f"  [red]{kind}[/]")
        self.refresh()

    def refresh(self) -> None:
        if self.status is not None:
            text = "Running " + ", ".join(self.running) if self.running else "Finishing"
            self.status.update(escape(text + (f": {self.detail}" if self.detail else "")))

    def where(self) -> str:
        states = ", ".join(self.running) or "none running"
        return states + (f" ({self.detail})" if self.detail else "")


def run_one(args, console, path: Path) -> int:
    """One brief, its kit in --out, each state shown as it finishes."""
    LocalCloud = _twin()

    try:
        brief, uploads = load_brief_file(path)
        batch_env = (
            sdxl_environment(args.model_dir, args.steps, args.resolution, args.verbose)
            if args.engine == "sdxl"
            else None
        )
    except BriefError as exc:
        print_brief_errors(console, exc)
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    progress = Progress(console)
    worker_log = logging.getLogger("sdxl_worker")
    step_log = StepLog(progress)
    if not args.verbose:  # the worker's own JSON log lines would scroll over the display
        worker_log.addHandler(step_log)
        worker_log.propagate = False
    try:
        with LocalCloud(logo_engine=args.engine, batch_environment=batch_env, workers=_workers(args),
                        log_level="INFO" if args.verbose else "WARNING") as cloud:
            choices = {k: getattr(args, k) for k in ("concept", "palette", "fonts") if getattr(args, k, None)}
            job = cloud.submit(brief, job_id=args.job_id, uploads=uploads, choices=choices)
            try:
                with console.status("Starting", spinner="dots") as status:
                    progress.status = status
                    result = cloud.wait(job["job_id"], on_event=progress.on_event, timeout_s=args.timeout)
            except (TimeoutError, KeyboardInterrupt) as exc:
                return _stopped(console, cloud, progress, exc, args.timeout)
            elapsed = time.perf_counter() - started
            if result["status"] != "SUCCEEDED":
                console.print(f"[bold red]The workflow failed[/] in {escape(Failures(cloud).cause(job['job_id']))}")
                return EXIT_FAILED
            written = cloud.export(job["job_id"], args.out)
            revise_command.save_state(cloud, job["job_id"], args.out)  # what `brandkit revise` starts from
    finally:
        worker_log.removeHandler(step_log)
        worker_log.propagate = True
    _summary(console, args.out, written, elapsed)
    return EXIT_OK


def _stopped(console, cloud, progress: Progress, exc: BaseException, timeout_s: float) -> int:
    """A timeout or Ctrl-C: stop the GPU worker between steps, name where the run was, export nothing."""
    where = progress.where()
    cloud.batch.stop()
    if isinstance(exc, KeyboardInterrupt):
        console.print(f"[bold red]Interrupted[/] in state {escape(where)}; nothing was exported.")
        return EXIT_INTERRUPTED
    console.print(f"[bold red]Timed out[/] after {timeout_s:.0f} s in state {escape(where)}; nothing was exported "
                  "(--timeout sets the limit; with --engine sdxl on a CPU, lower --steps or --resolution).")
    return EXIT_FAILED


def run_batch(args, console, paths: list[Path]) -> int:
    """Many briefs, --jobs at a time on one twin; every brief ends as a kit or a named failure."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as Bar

    LocalCloud = _twin()
    try:
        batch_env = (
            sdxl_environment(args.model_dir, args.steps, args.resolution, args.verbose)
            if args.engine == "sdxl"
            else None
        )
    except BriefError as exc:
        print_brief_errors(console, exc, "The options are not valid:")
        return EXIT_BAD_INPUT
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    bar = Bar(TextColumn("kits"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]} failed"),
              TimeElapsedColumn(), console=console, transient=True)
    with LocalCloud(logo_engine=args.engine, batch_environment=batch_env, workers=_workers(args),
                    log_level="INFO" if args.verbose else "WARNING") as cloud, bar:
        task = bar.add_task("kits", total=len(paths), failed=0)
        failures = Failures(cloud)

        def one(path: Path) -> Outcome:
            began = time.perf_counter()
            try:
                brief, uploads = load_brief_file(path)
            except BriefError as exc:
                return Outcome(
                    path, False, "invalid brief: " + "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
                )
            job = cloud.submit(brief, uploads=uploads)
            try:
                result = cloud.wait(job["job_id"], timeout_s=args.timeout)
            except TimeoutError:
                return Outcome(path, False, f"timed out after {args.timeout:.0f} s", time.perf_counter() - began)
            if result["status"] != "SUCCEEDED":
                return Outcome(path, False, failures.cause(job["job_id"]), time.perf_counter() - began)
            written = cloud.export(job["job_id"], args.out / path.stem)
            return Outcome(path, True, f"{args.out / path.stem}/", time.perf_counter() - began, written)

        pool = ThreadPoolExecutor(max_workers=args.jobs, thread_name_prefix="kit")
        try:
            for future in as_completed([pool.submit(one, path) for path in paths]):
                outcome = future.result()
                outcomes.append(outcome)
                mark = "[green]done[/]" if outcome.ok else "[red]failed[/]"
                bar.console.print(f"  {mark}  {escape(outcome.brief.name):<28} {outcome.seconds:6.1f} s  "
                                  f"{escape(outcome.detail)}")
                bar.update(task, advance=1, failed=sum(not o.ok for o in outcomes))
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            cloud.batch.stop()
            console.print(f"[bold red]Interrupted[/] after {len(outcomes)} of {len(paths)} kits; "
                          "kits already written are kept.")
            return EXIT_INTERRUPTED
        pool.shutdown()
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if not o.ok]
    rate = len(outcomes) / elapsed * 60 if elapsed else 0.0
    colour = "red" if failed else "green"
    console.print(f"[bold {colour}]{len(outcomes) - len(failed)} of {len(paths)} kits written[/] in {elapsed:.1f} s "
                  f"({rate:.1f} kits/min, --jobs {args.jobs}) to {escape(str(args.out))}/")
    for outcome in sorted(failed, key=lambda o: o.brief.name):
        console.print(f"  [red]failed[/] {escape(str(outcome.brief))}: {escape(outcome.detail)}")
    return EXIT_FAILED if failed else EXIT_OK


def _twin():
    from brandkit_local.twin import workers

    workers.start_forkserver()  # the workers' preloading runs while this process imports moto
    from brandkit_local.twin import LocalCloud

    return LocalCloud


def _workers(args) -> int:
    # Each kit runs at most two functions at once (the Parallel state); more processes than that only queue.
    return max(2, 2 * args.jobs)


def _summary(console, out: Path, written: list[Path], elapsed: float) -> None:
    total = sum(p.stat().st_size for p in written)
    console.print(
        f"[bold green]Brand kit ready[/] in {elapsed:.1f} s: {len(written)} files, {total / 1e6:.1f} MB in {out}/"
    )
    groups: dict[str, int] = {}
    for path in written:
        top = path.relative_to(out.resolve()).parts[0]
        groups[top] = groups.get(top, 0) + 1
    for name, count in sorted(groups.items()):
        console.print(f"  {name:<20} {count} file{'s' if count != 1 else ''}")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
