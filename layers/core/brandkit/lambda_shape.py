"""The one shape every Brandkit Lambda handler has (Powertools logger, tracer, metrics).

Handlers in functions/<name>/app.py are one line: `lambda_handler = stage_handler(<stage>.run)`.
The stage is handed the S3 stores of its job here (tests hand it others); how long it took goes to the
logs and metrics only: the manifest's stage timings come from the execution history (brandkit.progress).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from brandkit.store import S3Store, Stores
from brandkit.tracing import handler_tracer

logger = Logger()
tracer = handler_tracer()
metrics = Metrics()


def stage_handler(run: Callable[[dict[str, Any], Stores], dict[str, Any]],
                  stores: Stores = S3Store) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """Wrap a stage's core function as a Lambda handler that hands it `stores` and logs how long it took."""
    stage = run.__module__.rsplit(".", 1)[-1]

    @logger.inject_lambda_context(log_event=False)
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        logger.append_keys(stage=stage, job_id=_job_id(event))
        started = time.perf_counter()
        result = run(event, stores)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        metrics.add_metric(name=f"{stage}_ms", unit=MetricUnit.Milliseconds, value=elapsed_ms)
        logger.info("stage finished", extra={"elapsed_ms": elapsed_ms})
        return result

    lambda_handler.__name__ = f"{stage}_handler"
    handler: Callable[[dict[str, Any], Any], dict[str, Any]] = lambda_handler  # Powertools' decorators are untyped
    return handler


def _job_id(event: dict[str, Any]) -> str | None:
    job = event.get("job")
    if isinstance(job, dict):
        return job.get("id")
    return event.get("job_id")
