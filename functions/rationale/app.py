"""Lambda handler for the rationale stage; the work is done by brandkit.stages.rationale."""

import os

from brandkit.lambda_shape import stage_handler
from brandkit.stages import rationale

# With Claude configured every run calls it over httpx (the anthropic SDK): trace those calls like the
# AWS ones. Without it nothing here uses httpx, and patching would import it for nothing.
CLAUDE = bool(os.environ.get("ANTHROPIC_SECRET_ARN"))
lambda_handler = stage_handler(rationale.run, also_traced=("httpx",) if CLAUDE else ())
