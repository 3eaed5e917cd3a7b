"""Lambda handler for the rationale stage; the work is done by brandkit.stages.rationale."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import rationale

lambda_handler = stage_handler(rationale.run)
