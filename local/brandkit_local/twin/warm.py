"""What the twin's forkserver loads once, before it forks any worker, so a cold start costs a fork.

Only modules that keep no per-function state: Powertools' Logger, Metrics and Tracer read the function's
environment (service name, log level) when they are built, so anything that builds one at import
(brandkit.lambda_shape, brandkit.rationale, brandkit.api, brandkit.uploads) is left to each worker, as Lambda's
init phase would run it. The embedded knowledge graph is built here too (it is the same for every function).
"""

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
