"""Lambda handler for the design_logo stage; the work is done by brandkit.stages.design_logo."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import design_logo

lambda_handler = stage_handler(design_logo.run)
