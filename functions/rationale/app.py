"""Lambda handler for the rationale stage; the work is done by brandkit.stages.rationale."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import rationale

# Claude's calls get no X-Ray subsegment: the anthropic SDK speaks httpx2, which the X-Ray SDK cannot patch
# (patching "httpx" would only import a client the SDK never uses).
lambda_handler = stage_handler(rationale.run)
