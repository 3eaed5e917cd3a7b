"""Lambda handler for the validate_brief stage; the work is done by brandkit.stages.validate_brief."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import validate_brief

lambda_handler = stage_handler(validate_brief.run)
