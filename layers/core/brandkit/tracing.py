"""The X-Ray tracer of every Lambda handler: Powertools Tracer, patching only the libraries we call.

Tracer() on its own patches every library the X-Ray SDK supports (patch_all), which *imports* each one
that is installed: httpx (with its CLI's click, rich and pygments where present), requests, sqlite3,
the database drivers... about 0.15-0.3 s of a cold start spent loading clients the function never uses.
Brandkit talks to AWS through botocore (S3, DynamoDB, Step Functions, SNS, SQS, Secrets Manager) and
to the outside through httpx only in the webhook dispatcher, which asks for httpx as well (the Claude
rationale's SDK speaks httpx2, which the X-Ray SDK does not know). Patching botocore keeps what the
traces are for: a subsegment per AWS call and the trace header on each, so a Step Functions execution
started by the API joins the caller's trace.

Why keep the SDK at all (issue 9): Lambda's active tracing alone records only the function's own
segment; without the SDK a trace would lose the per-call subsegments and the S3/DynamoDB nodes of the
service map. With patch_all gone the SDK's own import is ~15 ms in Lambda (inside Lambda the recorder
uses a local sampler; outside it, it builds two X-Ray clients at import, which is why the bench sets
Lambda's runtime variables).
"""

from __future__ import annotations

from aws_lambda_powertools import Tracer

TRACED_LIBRARIES = ("botocore",)


def handler_tracer(*also_traced: str) -> Tracer:
    """The handler's Tracer, patching botocore and `also_traced` (e.g. "httpx").

    Powertools keeps Tracer settings per class, so every Tracer in the code is made with
    auto_patch=False (a later plain Tracer() would otherwise patch_all) and patches explicitly.
    Patching twice is a no-op for the X-Ray SDK.
    """
    tracer = Tracer(auto_patch=False)
    tracer.patch([*TRACED_LIBRARIES, *also_traced])
    return tracer
