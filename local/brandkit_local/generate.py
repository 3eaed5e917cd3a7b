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
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from brandkit.brief import BriefError, parse_brief
from brandkit.i18n import SOURCE, Translator, for_reader, translator
from brandkit_local import revise_command

if TYPE_CHECKING:
    from argparse import Namespace

    from rich.console import Console
    from rich.status import Status

    from brandkit_local.twin import LocalCloud

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def reader(briefs: list[Path]) -> Translator:
    """The catalogue for the person at the terminal: the locale environment (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG), else the first brief's language, else English."""
    environment = [os.environ.get(name) for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    try:
        data = json.loads(briefs[0].read_text(encoding="utf-8")) if briefs else None
    except (OSError, ValueError):
        data = None
    language = data.get("language") if isinstance(data, dict) else None
    return for_reader(*environment, language if isinstance(language, str) else None)


def load_brief_file(path: Path, t: Translator | None = None) -> tuple[Any, dict[str, bytes]]:
    """Read and validate a brief file, its errors in t's language (English by default); an existing_logo path
    is read relative to the brief."""
    t = t or translator(SOURCE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _error("brief", t.gettext("file {path} does not exist").format(path=repr(str(path)))) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _error("brief", t.gettext("is not valid UTF-8 JSON ({reason})").format(reason=exc)) from None
    brief = parse_brief(data, t)
    uploads: dict[str, bytes] = {}
    if brief.existing_logo:
        logo = (path.parent / brief.existing_logo).resolve()
        if not logo.is_file():
            raise _error("existing_logo", t.gettext("file {path} not found beside the brief").format(
                path=repr(brief.existing_logo)))
        uploads[logo.name] = logo.read_bytes()
        brief = brief.model_copy(update={"existing_logo": logo.name})
    return brief, uploads


def _error(field_name: str, message: str) -> BriefError:
    return BriefError([{"field": field_name, "message": message}])


def expand_briefs(arguments: list[str], t: Translator | None = None) -> list[Path]:
    """Brief files from files, folders (their *.json) and glob patterns, in order, each once."""
    t = t or translator(SOURCE)
    paths: list[Path] = []
    for arg in arguments:
        if Path(arg).is_dir():
            found = sorted(Path(arg).glob("*.json"))
        elif glob.has_magic(arg):
            found = sorted(Path(p) for p in glob.glob(arg, recursive=True) if Path(p).is_file())
        else:
            found = [Path(arg)]  # a missing file is reported as that brief's error
        if not found:
            raise _error("brief", t.gettext("{pattern} matches no brief files").format(pattern=repr(arg)))
        paths.extend(p for p in found if p.resolve() not in {q.resolve() for q in paths})
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems:
            raise _error("brief", t.gettext("{first} and {second} would both write {folder}; rename one").format(
                first=repr(str(stems[path.stem])), second=repr(str(path)), folder=f"{path.stem}/"))
        stems[path.stem] = path
    return paths


def sdxl_environment(
    model_dir: Path, steps: int | None, resolution: int | None, verbose: bool = False, t: Translator | None = None
) -> dict[str, str]:
    """The Batch worker's settings for a model folder; --resolution is checked against the model's own size."""
    t = t or translator(SOURCE)
    config = model_dir / "unet" / "config.json"
    vae = model_dir / "vae" / "config.json"
    if not (config.is_file() and vae.is_file()):
        raise _error("--model-dir", t.gettext(
            "{path} is not a diffusers SDXL folder (no unet/config.json or vae/config.json)").format(
            path=repr(str(model_dir))))
    try:
        sample_size = int(json.loads(config.read_text("utf-8"))["sample_size"])
        scale = 2 ** (len(json.loads(vae.read_text("utf-8"))["block_out_channels"]) - 1)
    except (ValueError, KeyError, TypeError) as exc:
        raise _error("--model-dir", t.gettext("unreadable model config ({reason})").format(reason=exc)) from None
    native = sample_size * scale  # SDXL base: 128 x 8 = 1024; the tiny test model: 32 x 2 = 64
    low, high = max(64, native // 2), min(2048, native * 2)
    resolution = resolution or native
    if not (low <= resolution <= high and resolution % 8 == 0):
        raise _error("--resolution", t.gettext(
            "{resolution} is outside what this model draws: a multiple of 8 from {low} to {high} (native {native})"
        ).format(resolution=resolution, low=low, high=high, native=native))
    if steps is not None and not 1 <= steps <= 150:
        raise _error("--steps", t.gettext("{steps} is not between 1 and 150").format(steps=steps))
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


def print_brief_errors(console: Console, exc: BriefError, heading: str) -> None:
    """heading: a catalogue sentence ("The brief is not valid:"); field names stay as the brief spells them."""
    console.print(heading, style="bold red", markup=False)
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

    def __init__(self, cloud: LocalCloud, t: Translator):
        self.cloud, self.t = cloud, t
        self._lock = threading.Lock()
        self._events: dict[str, dict[str, Any]] = {}

    def cause(self, job_id: str) -> str:
        with self._lock:
            for event in self.cloud.events():
                if event.get("type") == "brand.kit.failed":
                    self._events[event["job_id"]] = event
            event = self._events.get(job_id)
        if not event:
            return self.t.gettext("The workflow failed and no failure event was published.")
        # state, error and cause are the workflow's own (English) words
        return self.t.gettext("The workflow failed in state {state}: {error}: {cause}").format(
            state=event["stage"], error=event.get("error", ""), cause=event.get("cause", ""))


class StepLog(logging.Handler):
    """The Batch worker's log, shown in the progress display instead of as JSON lines on the terminal."""

    def __init__(self, progress: Progress):
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "denoise step":
            step = record.__dict__  # the worker's extra= fields
            self.progress.detail = self.progress.t.pgettext("cli progress", "denoise step {step} of {steps}").format(
                step=step["step"], steps=step["steps"])
        elif record.levelno >= logging.WARNING:
            worker = self.progress.t.pgettext("cli progress", "GPU worker")
            self.progress.console.print(f"  [yellow]{escape(worker)}[/]: {escape(record.getMessage())}")
        else:
            self.progress.detail = record.getMessage()
        self.progress.refresh()


class Progress:
    """Prints each state as it finishes, with its duration; the spinner names the running ones."""

    def __init__(self, console: Console, t: Translator | None = None):
        self.console, self.t = console, t or translator(SOURCE)
        self.status: Status | None = None
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
            done = self.t.pgettext("cli progress", "done")
            self.console.print(f"  [green]{escape(done)}[/]  {escape(name):<22} {ms:8.0f} ms")
            self.detail = ""
        elif kind.endswith(("Failed", "TimedOut")):
            self.console.print(f"  [red]{escape(kind)}[/]")
        self.refresh()

    def refresh(self) -> None:
        if self.status is not None:
            text = (self.t.pgettext("cli progress", "Running {states}").format(states=", ".join(self.running))
                    if self.running else self.t.pgettext("cli progress", "Finishing"))
            self.status.update(escape(text + (f": {self.detail}" if self.detail else "")))

    def where(self) -> str:
        states = ", ".join(self.running) or self.t.pgettext("cli progress", "none running")
        return states + (f" ({self.detail})" if self.detail else "")


CHOICES = ("concept", "palette", "fonts")  # the options a kit is built from, by id (brandkit.revisions)


def check_choices(args: Namespace, paths: list[Path], t: Translator) -> None:
    """--concept, --palette and --fonts name options of one brief's run (their ids differ from brief to brief):
    a batch refuses them, naming each one given, rather than ignore them."""
    given = [name for name in CHOICES if getattr(args, name, None)]
    if len(paths) > 1 and given:
        message = t.gettext("chooses among one brief's options (each brief has its own ids): give one brief, or "
                            "change each kit with brandkit revise")
        raise BriefError([{"field": f"--{name}", "message": message} for name in given])


def run_one(args: Namespace, console: Console, t: Translator, path: Path) -> int:
    """One brief, its kit in --out, each state shown as it finishes."""
    LocalCloud = _twin()

    try:
        brief, uploads = load_brief_file(path, t)
        batch_env = _batch_environment(args, t)
    except BriefError as exc:
        print_brief_errors(console, exc, t.gettext("The brief is not valid:"))
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    progress = Progress(console, t)
    worker_log = logging.getLogger("sdxl_worker")
    step_log = StepLog(progress)
    if not args.verbose:  # the worker's own JSON log lines would scroll over the display
        worker_log.addHandler(step_log)
        worker_log.propagate = False
    try:
        with LocalCloud(logo_engine=args.engine, batch_environment=batch_env, workers=_workers(args),
                        log_level="INFO" if args.verbose else "WARNING") as cloud:
            choices = {k: getattr(args, k) for k in CHOICES if getattr(args, k, None)}
            job = cloud.submit(brief, job_id=args.job_id, uploads=uploads, choices=choices)
            try:
                with console.status(t.pgettext("cli progress", "Starting"), spinner="dots") as status:
                    progress.status = status
                    result = cloud.wait(job["job_id"], on_event=progress.on_event, timeout_s=args.timeout)
            except (TimeoutError, KeyboardInterrupt) as exc:
                return _stopped(console, cloud, progress, exc, args.timeout)
            elapsed = time.perf_counter() - started
            if result["status"] != "SUCCEEDED":
                console.print(Failures(cloud, t).cause(job["job_id"]), style="bold red", markup=False)
                return EXIT_FAILED
            objects = cloud.job_objects(job["job_id"], skip=revise_command.not_kept)  # one read for both
            written = cloud.export(job["job_id"], args.out, objects=objects)
            revise_command.save_state(cloud, job["job_id"], args.out, objects)  # what `brandkit revise` starts from
    finally:
        worker_log.removeHandler(step_log)
        worker_log.propagate = True
    _summary(console, t, args.out, written, elapsed)
    return EXIT_OK


def _batch_environment(args: Namespace, t: Translator) -> dict[str, str] | None:
    if args.engine != "sdxl":
        return None
    return sdxl_environment(args.model_dir, args.steps, args.resolution, args.verbose, t)


def _stopped(console: Console, cloud: LocalCloud, progress: Progress, exc: BaseException, timeout_s: float) -> int:
    """A timeout or Ctrl-C: stop the GPU worker between steps, name where the run was, export nothing."""
    t, where = progress.t, progress.where()
    cloud.batch.stop()
    if isinstance(exc, KeyboardInterrupt):
        console.print(t.gettext("Interrupted in state {state}; nothing was exported.").format(state=where),
                      style="bold red", markup=False)
        return EXIT_INTERRUPTED
    console.print(t.gettext("Timed out after {seconds} s in state {state}; nothing was exported (--timeout sets the "
                            "limit; with --engine sdxl on a CPU, lower --steps or --resolution).").format(
        seconds=t.number(timeout_s, 0), state=where), style="bold red", markup=False)
    return EXIT_FAILED


def run_batch(args: Namespace, console: Console, t: Translator, paths: list[Path]) -> int:
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
        batch_env = _batch_environment(args, t)
    except BriefError as exc:
        print_brief_errors(console, exc, t.gettext("The options are not valid:"))
        return EXIT_BAD_INPUT
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    bar = Bar(TextColumn(escape(t.pgettext("cli progress", "kits"))), BarColumn(), MofNCompleteColumn(),
              TextColumn("{task.fields[failed]}", markup=False), TimeElapsedColumn(), console=console, transient=True)
    with LocalCloud(logo_engine=args.engine, batch_environment=batch_env, workers=_workers(args),
                    log_level="INFO" if args.verbose else "WARNING") as cloud, bar:
        task = bar.add_task("kits", total=len(paths), failed=_failed(t, 0))
        failures = Failures(cloud, t)

        def one(path: Path) -> Outcome:
            began = time.perf_counter()
            try:
                brief, uploads = load_brief_file(path, t)
            except BriefError as exc:
                errors = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
                return Outcome(path, False, t.gettext("invalid brief: {errors}").format(errors=errors))
            job = cloud.submit(brief, uploads=uploads)
            try:
                result = cloud.wait(job["job_id"], timeout_s=args.timeout)
            except TimeoutError:
                timed_out = t.gettext("timed out after {seconds} s").format(seconds=t.number(args.timeout, 0))
                return Outcome(path, False, timed_out, time.perf_counter() - began)
            if result["status"] != "SUCCEEDED":
                return Outcome(path, False, failures.cause(job["job_id"]), time.perf_counter() - began)
            written = cloud.export(job["job_id"], args.out / path.stem)
            return Outcome(path, True, f"{args.out / path.stem}/", time.perf_counter() - began, written)

        pool = ThreadPoolExecutor(max_workers=args.jobs, thread_name_prefix="kit")
        try:
            for future in as_completed([pool.submit(one, path) for path in paths]):
                outcome = future.result()
                outcomes.append(outcome)
                bar.console.print(f"  {_mark(t, outcome.ok)}  {escape(outcome.brief.name):<28} "
                                  f"{t.number(outcome.seconds, 1):>6} s  {escape(outcome.detail)}")
                bar.update(task, advance=1, failed=_failed(t, sum(not o.ok for o in outcomes)))
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            cloud.batch.stop()
            console.print(t.gettext("Interrupted with {done} of {total} kits finished; the kits already written "
                                    "are kept.").format(done=len(outcomes), total=len(paths)),
                          style="bold red", markup=False)
            return EXIT_INTERRUPTED
        pool.shutdown()
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if not o.ok]
    rate = len(outcomes) / elapsed * 60 if elapsed else 0.0
    # "Kits written: 3 of 4", not "3 of 4 kits": the batch's sentences need no plural forms
    console.print(t.gettext("Kits written: {done} of {total} in {seconds} s ({rate} kits/min, --jobs {jobs}) to "
                            "{folder}").format(
        done=len(outcomes) - len(failed), total=len(paths), seconds=t.number(elapsed, 1), rate=t.number(rate, 1),
        jobs=args.jobs, folder=f"{args.out}/"), style="bold " + ("red" if failed else "green"), markup=False)
    for outcome in sorted(failed, key=lambda o: o.brief.name):
        console.print(f"  {_mark(t, False)} {escape(str(outcome.brief))}: {escape(outcome.detail)}")
    return EXIT_FAILED if failed else EXIT_OK


def _mark(t: Translator, ok: bool) -> str:
    if ok:
        return f"[green]{escape(t.pgettext('cli progress', 'done'))}[/]"
    return f"[red]{escape(t.pgettext('cli progress', 'failed'))}[/]"


def _failed(t: Translator, n: int) -> str:
    return t.pgettext("cli progress", "failed: {n}").format(n=n)


def _twin() -> type[LocalCloud]:
    from brandkit_local.twin import workers

    workers.start_forkserver()  # the workers' preloading runs while this process imports moto
    from brandkit_local.twin import LocalCloud

    return LocalCloud


def _workers(args: Namespace) -> int:
    # Each kit runs at most two functions at once (the Parallel state); more processes than that only queue.
    return max(2, 2 * args.jobs)


def _summary(console: Console, t: Translator, out: Path, written: list[Path], elapsed: float) -> None:
    total = sum(p.stat().st_size for p in written)
    console.print(t.gettext("Brand kit ready in {seconds} s: {files}, {megabytes} MB in {folder}").format(
        seconds=t.number(elapsed, 1), files=_files(t, len(written)), megabytes=t.number(total / 1e6, 1),
        folder=f"{out}/"), style="bold green", markup=False)
    groups: dict[str, int] = {}
    for path in written:
        top = path.relative_to(out.resolve()).parts[0]
        groups[top] = groups.get(top, 0) + 1
    for name, count in sorted(groups.items()):
        console.print(f"  {name:<20} {_files(t, count)}", markup=False)


def _files(t: Translator, n: int) -> str:
    return t.ngettext("{n} file", "{n} files", n).format(n=n)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
