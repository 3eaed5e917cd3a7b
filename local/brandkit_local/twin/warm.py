"""What the twin's forkserver loads once, before it forks any worker, so a cold start costs a fork.

Only modules that keep no per-function state: Powertools' Logger, Metrics and Tracer read the function's
environment (service name, log level) when they are built, so anything that builds one at import
(brandkit.lambda_shape, brandkit.rationale, brandkit.api, brandkit.uploads) is left to each worker, as Lambda's
init phase would run it. The embedded knowledge graph is built here too (it is the same for every function).
"""

import contextlib
import importlib
import os

SHARED = ["boto3", "botocore.session", "PIL.Image", "pydantic", "aws_lambda_powertools",
          "brandkit.brief", "brandkit.store", "brandkit.bkg",
          "brandkit.stages.validate_brief", "brandkit.stages.design_logo", "brandkit.stages.palette",
          "brandkit.stages.render_assets", "brandkit.stages.guidelines", "brandkit.stages.publish_manifest"]

for _name in SHARED:
    importlib.import_module(_name)

if not os.environ.get("NEPTUNE_ENDPOINT", "").strip():
    from brandkit import bkg

    bkg.embedded_graph()

# The AWS services the functions call. A process's first client of one reads botocore's data for it (the service
# model, its endpoint rules, the endpoint and partition tables: S3's alone took 0.5-1.7 s in a fresh process on a
# loaded 2-core machine); read here into the default session's loader, every worker forked after inherits it and
# its first client costs ~0.1 s. Data only: no client is made, so nothing of this process's environment
# (credentials, region, profile) is resolved and kept for the workers, which read their own when they make one.
CLIENT_SERVICES = ("s3", "sns", "sqs", "stepfunctions", "dynamodb")
MODEL_KINDS = ("service-2", "endpoint-rule-set-1", "paginators-1", "waiters-2")


def _load_client_data() -> None:
    import boto3
    import botocore.session
    from botocore.exceptions import DataNotFoundError

    core = botocore.session.get_session()
    loader = core.get_component("data_loader")  # what the session's clients and resources load through
    boto3.setup_default_session(botocore_session=core)  # boto3 adds its own data (resources) to the loader
    for service in CLIENT_SERVICES:
        for kind in MODEL_KINDS:
            with contextlib.suppress(DataNotFoundError):
                loader.load_service_model(service, kind, api_version=None)  # the call clients make (its cache key)
    loader.load_service_model("dynamodb", "resources-1")  # brandkit.clients.dynamodb(): a boto3 resource
    for name in ("endpoints", "partitions", "sdk-default-configuration", "_retry"):
        loader.load_data(name)


_load_client_data()
