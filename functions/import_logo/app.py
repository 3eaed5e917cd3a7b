"""Lambda handler for the import_logo stage; the work is done by brandkit.stages.import_logo."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import import_logo

lambda_handler = stage_handler(import_logo.run)
