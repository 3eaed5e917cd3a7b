"""Lambda handler for the guidelines stage; the work is done by brandkit.stages.guidelines."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import guidelines

lambda_handler = stage_handler(guidelines.run)
