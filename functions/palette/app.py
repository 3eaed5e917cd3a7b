"""Lambda handler for the palette stage; the work is done by brandkit.stages.palette."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import palette

lambda_handler = stage_handler(palette.run)
