"""Lambda handler for the record_failure stage; the work is done by brandkit.stages.record_failure."""

from brandkit.lambda_shape import stage_handler
from brandkit.stages import record_failure

lambda_handler = stage_handler(record_failure.run)
