"""Lambda handler for the publish_manifest stage; the work is done by brandkit.stages.publish_manifest."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import publish_manifest

lambda_handler = stage_handler(publish_manifest.run)
