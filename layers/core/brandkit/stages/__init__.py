"""One module per state of statemachines/brand_kit.asl.json; each exposes `run(event, stores) -> dict`.

A stage reads what earlier stages wrote under the job (brandkit.job_files, through the store that
`stores` opens for the job), calls the domain code and returns a small JSON summary (the state machine
carries only keys and small values). brandkit.lambda_shape.stage_handler hands it the S3 stores.
"""

from __future__ import annotations

from typing import Any

from brandkit.artifacts import Job
from brandkit.errors import StageError, TransientStageError  # noqa: F401  (re-exported for the stages)
from brandkit.store import JobStore, Stores


def job_of(event: dict[str, Any], stores: Stores) -> tuple[Job, JobStore]:
    job = Job.model_validate(event["job"])
    return job, stores(job)
