"""Lambda handler for the render_assets stage; the work is done by brandkit.stages.render_assets."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import render_assets

lambda_handler = stage_handler(render_assets.run)
