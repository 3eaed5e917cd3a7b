"""The Batch entrypoint: one job renders every SDXL logo candidate of one kit.

    python -m sdxl_worker --job-id ID --bucket B --prefix P

Exit codes (also in gpu-jobs/README.md):
    0    done, or an earlier attempt had already finished (result.json complete)
    1    unexpected error (a bug, S3 unavailable): see the log
    2    bad arguments or configuration (environment variables)
    3    the job's input is missing or invalid (work/profile.json)
    4    the model cannot be found, synced or loaded
    75   left on the two-minute spot interruption notice (instance metadata) before the host
         went; the job definition retries this exit code
    143  stopped by SIGTERM (spot reclaim, job terminated) before finishing
After 75 or 143 nothing marks the job complete; every candidate finished so far has its
checkpoint (work/logo/sdxl/candidate-<i>.json), and the next attempt renders only the rest.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from botocore.exceptions import ClientError
from pydantic import ValidationError

from brandkit import clients
from brandkit.artifacts import BrandProfile, Job, Prompt, SdxlCandidate, SdxlHostInfo, SdxlModelInfo, SdxlResult
from brandkit.errors import NotFound
from brandkit.job_files import PROFILE, SDXL_RESULT, sdxl_candidate, sdxl_checkpoint
from brandkit.jobs import JOB_ID, JOB_ID_RULE
from brandkit.logo.prompts import build_prompts
from brandkit.store import JobStore, S3Store, Stores
from sdxl_worker import checksums, outputs
from sdxl_worker.config import ConfigError, WorkerConfig
from sdxl_worker.model import Interrupted, Loaded, ModelError, check_stop, load_pipeline, sync_model
from sdxl_worker.spot import Imds, SpotNoticeWatcher

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_MODEL = 4
EXIT_SPOT_NOTICE = 75  # EX_TEMPFAIL: the host is about to be reclaimed, try again elsewhere
EXIT_INTERRUPTED = 143  # 128 + SIGTERM, what a shell reports for a process ended by the signal

PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,511}$")

log = logging.getLogger("sdxl_worker")


class BadInput(Exception):
    """The job's own files are missing or invalid: a retry would fail the same way."""


class _JsonLines(logging.Formatter):
    """One JSON object per line (CloudWatch Logs Insights reads the fields)."""

    _skip = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {"level": record.levelname, "message": record.getMessage(), "time": round(record.created, 3)}
        entry.update({k: v for k, v in record.__dict__.items() if k not in self._skip})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def _setup_logging() -> None:
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_JsonLines())
        log.addHandler(handler)
    log.setLevel(logging.INFO)


@contextmanager
def _stop_on_sigterm(stop: threading.Event):
    """SIGTERM sets the stop event; the work checks it between steps and candidates."""

    def handler(signum, _frame):
        log.warning("stop requested", extra={"signal": signal.Signals(signum).name})
        stop.set()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class Timer:
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 4)


def _read_profile(store: JobStore) -> BrandProfile:
    try:
        return store.load(PROFILE)
    except NotFound:
        raise BadInput(f"{store.key(PROFILE)} does not exist") from None
    except ValidationError as exc:
        raise BadInput(f"{store.key(PROFILE)} is not a BrandProfile: {exc.error_count()} errors") from None


def _model_dir(config: WorkerConfig, stop: threading.Event, timer: Timer):
    """The local model folder, verified against its SHA256SUMS before anything loads it.

    Weights from S3 must come with the manifest; a folder baked into the image is checked when it has one."""
    from pathlib import Path

    if config.model_dir:
        folder = Path(config.model_dir)
        if not (folder / checksums.MANIFEST).is_file():
            return folder
    else:
        assert config.model_s3_uri is not None  # WorkerConfig requires MODEL_DIR or MODEL_S3_URI
        with timer("model_sync"):
            try:
                folder = sync_model(config.model_s3_uri, config.model_cache, clients.s3(), stop)
            except ClientError as exc:
                raise ModelError(f"cannot sync {config.model_s3_uri}: {exc}") from exc
    with timer("model_verify"):
        try:
            count = checksums.verify(folder)
        except checksums.ChecksumError as exc:
            raise ModelError(f"model at {config.model_dir or config.model_s3_uri}: {exc}") from None
    log.info("model verified", extra={"files": count})
    return folder


def _generate(loaded: Loaded, config: WorkerConfig, prompts: list[Prompt], seeds: list[int], stop: threading.Event):
    """One batch of candidates; SIGTERM or a spot notice stops between denoising steps."""
    import torch

    def on_step_end(_pipe, step, _timestep, tensors):
        log.info("denoise step", extra={"step": step + 1, "steps": config.num_steps})
        check_stop(stop)  # raising here abandons the batch at once, before the VAE decode
        return tensors

    # CPU generators give the same latents on any device: a seed reproduces on a laptop.
    generators = [torch.Generator("cpu").manual_seed(seed) for seed in seeds]
    with torch.inference_mode():
        out = loaded.pipe(
            prompt=[p.prompt for p in prompts],
            negative_prompt=[p.negative_prompt for p in prompts],
            generator=generators,
            num_inference_steps=config.num_steps,
            guidance_scale=config.guidance_scale,
            height=config.resolution,
            width=config.resolution,
            callback_on_step_end=on_step_end,
            output_type="pil",
        )
    return out.images


def _write_candidate(store: JobStore, index: int, image, config: WorkerConfig, timer: Timer) -> list[str]:
    import io

    from brandkit.logo.trace import TraceError, prepare_for_trace, reduce_colors, trace_to_svg

    with timer("postprocess"):
        try:
            flat, colors = prepare_for_trace(image, config.colors)
        except TraceError:
            # Everything looked like background (a blank render): keep the whole square rather than fail the kit.
            log.warning("no foreground found, tracing the whole image", extra={"index": index})
            flat, colors = reduce_colors(image.convert("RGBA"), config.colors)
        svg = trace_to_svg(flat)
        buf = io.BytesIO()
        flat.save(buf, "PNG", optimize=True)
    with timer("upload"):
        store.save(sdxl_candidate(index, "png"), buf.getvalue())
        store.save(sdxl_candidate(index, "svg"), svg.encode("utf-8"))
    return colors


def run_job(job: Job, config: WorkerConfig, stop: threading.Event, stores: Stores = S3Store,
            host: SdxlHostInfo | None = None) -> int:
    timer = Timer()
    store = stores(job)
    with timer("total"):
        if outputs.finished_result(store, job.id, config.num_candidates):
            log.info("already complete", extra={"job_id": job.id})
            return EXIT_OK
        store.delete(SDXL_RESULT)  # an incomplete or foreign result must not outlive this attempt
        profile = _read_profile(store)
        prompts = build_prompts(profile, config.num_candidates)
        seeds = [outputs.candidate_seed(job.id, i) for i in range(config.num_candidates)]
        done = outputs.finished_candidates(store, seeds)
        todo = [i for i in range(config.num_candidates) if i not in done]
        if done:
            log.info("reusing checkpointed candidates", extra={"reused": sorted(done), "todo": todo})
        check_stop(stop)

        loaded = None
        if todo:
            model_dir = _model_dir(config, stop, timer)
            with timer("load"):
                loaded = load_pipeline(model_dir, config)
            check_stop(stop)
            log.info("model loaded",
                     extra={"device": loaded.device, "dtype": loaded.dtype, "seconds": timer.timings["load"]})
        for start in range(0, len(todo), config.batch):
            assert loaded is not None  # loaded above whenever there is anything to do
            check_stop(stop)
            batch = todo[start : start + config.batch]
            with timer("generate"):
                images = _generate(loaded, config, [prompts[i] for i in batch], [seeds[i] for i in batch], stop)
            # Each finished candidate is checkpointed at once: an interruption in the next batch keeps it.
            for index, image in zip(batch, images, strict=True):
                check_stop(stop)
                colors = _write_candidate(store, index, image, config, timer)
                done[index] = SdxlCandidate(
                    index=index, seed=seeds[index], mark_type=prompts[index].mark_type,
                    png_key=sdxl_candidate(index, "png").key, svg_key=sdxl_candidate(index, "svg").key, colors=colors,
                )
                store.save(sdxl_checkpoint(index), done[index])
                log.info("candidate written", extra={"index": index, "colors": colors})
        check_stop(stop)
        candidates = [done[i] for i in range(config.num_candidates)]
        written = {key for i, c in enumerate(candidates) for key in (c.png_key, c.svg_key, sdxl_checkpoint(i).key)}
        for stale in outputs.stale_outputs(store, written):
            store.delete(stale)

    if todo:
        timer.timings["generate_per_image"] = round(timer.timings["generate"] / len(todo), 4)
    result = SdxlResult(
        job_id=job.id,
        complete=True,
        model=SdxlModelInfo(
            name=config.name, device=loaded.device if loaded else "none", dtype=loaded.dtype if loaded else "none",
            vae=loaded.vae if loaded else "none", scheduler=loaded.scheduler if loaded else "none",
            few_step=config.few_step or "none", lora=config.lora_dir, attention="sdpa", resolution=config.resolution,
        ),
        prompts=prompts,
        seeds=seeds,
        steps=config.num_steps,
        guidance_scale=config.guidance_scale,
        batch_size=config.batch,
        timings=timer.timings,
        candidates=candidates,
        reused=sorted(set(range(config.num_candidates)) - set(todo)),
        host=host,
    )
    store.save(SDXL_RESULT, result)  # last: its presence means every file above is in place
    log.info("done", extra={"job_id": job.id, "timings": timer.timings})
    return EXIT_OK


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sdxl_worker", description="Render a kit's SDXL logo candidates.")
    parser.add_argument("--job-id", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", required=True, help="the job prefix, e.g. tenants/<tenant>/kits/<id>")
    args = parser.parse_args(argv)
    if not JOB_ID.match(args.job_id):
        parser.error(f"--job-id: {JOB_ID_RULE}")
    if not PREFIX.match(args.prefix) or ".." in args.prefix.split("/") or args.prefix.endswith("/"):
        parser.error("--prefix: a relative key prefix without '..' or a trailing '/'")
    return args


def main(argv: list[str] | None = None, stop: threading.Event | None = None) -> int:
    _setup_logging()
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage; keep 0 for --help
        return int(exc.code or 0)
    try:
        config = WorkerConfig.from_env()
    except ConfigError as exc:
        log.error("bad configuration", extra={"problems": str(exc)})
        return EXIT_USAGE
    job = Job(id=args.job_id, bucket=args.bucket, prefix=args.prefix, logo_source="sdxl")
    stop = stop or threading.Event()
    imds = Imds(config.imds_endpoint)
    host = imds.host() if config.spot_poll_seconds > 0 else None
    with _stop_on_sigterm(stop), SpotNoticeWatcher(imds, stop, config.spot_poll_seconds) as spot:
        try:
            return run_job(job, config, stop, host=SdxlHostInfo(**vars(host)) if host else None)
        except Interrupted:
            log.warning("interrupted, exiting for a retry",
                        extra={"job_id": job.id, "spot_notice": spot.notice.is_set()})
            return EXIT_SPOT_NOTICE if spot.notice.is_set() else EXIT_INTERRUPTED
        except BadInput as exc:
            log.error("bad job input", extra={"job_id": job.id, "problem": str(exc)})
            return EXIT_BAD_INPUT
        except ModelError as exc:
            log.error("model unavailable", extra={"job_id": job.id, "problem": str(exc)})
            return EXIT_MODEL
        except Exception:
            log.exception("job failed", extra={"job_id": job.id})
            return EXIT_ERROR
