import json

from brandkit.stages.record_failure import failed_state, readable_cause


def test_lambda_cause_keeps_only_the_message():
    cause = json.dumps({"errorMessage": "no logo", "errorType": "StageError", "stackTrace": ["File x"]})
    assert readable_cause(cause) == "no logo"


def test_batch_cause_as_step_functions_reports_it():
    cause = json.dumps(
        {"JobName": "brandkit-logo-j", "Status": "FAILED", "StatusReason": "Host EC2 (instance i-1) terminated."}
    )
    assert readable_cause(cause) == "Batch job brandkit-logo-j: Host EC2 (instance i-1) terminated."


def test_batch_cause_counts_the_attempts_batch_made():
    reclaimed = {"StatusReason": "Host EC2 (instance i-1) terminated."}
    cause = json.dumps({"JobName": "brandkit-logo-j", "Status": "FAILED", "Attempts": [reclaimed] * 3, **reclaimed})
    assert (
        readable_cause(cause)
        == "Batch job brandkit-logo-j failed after 3 attempts: Host EC2 (instance i-1) terminated."
    )
    once = json.dumps(
        {"JobName": "brandkit-logo-j", "Attempts": [{}], "StatusReason": "Essential container in task exited"}
    )
    assert readable_cause(once) == "Batch job brandkit-logo-j: Essential container in task exited"


def test_plain_and_missing_causes():
    assert readable_cause("States.Timeout") == "States.Timeout"
    assert readable_cause(None) == ""
    assert len(readable_cause("x" * 5000)) == 2000


def test_failed_state_follows_the_failure_back_to_its_state():
    events = [
        {"id": 1, "type": "ExecutionStarted"},
        {
            "id": 2,
            "type": "TaskStateEntered",
            "previousEventId": 1,
            "stateEnteredEventDetails": {"name": "ValidateBrief"},
        },
        {"id": 3, "type": "TaskStateExited", "previousEventId": 2},
        {
            "id": 4,
            "type": "ParallelStateEntered",
            "previousEventId": 3,
            "stateEnteredEventDetails": {"name": "RationaleAndAssets"},
        },
        {
            "id": 5,
            "type": "TaskStateEntered",
            "previousEventId": 4,
            "stateEnteredEventDetails": {"name": "WriteRationale"},
        },
        {
            "id": 6,
            "type": "TaskStateEntered",
            "previousEventId": 4,
            "stateEnteredEventDetails": {"name": "RenderAssets"},
        },
        {"id": 7, "type": "LambdaFunctionScheduled", "previousEventId": 6},
        {"id": 8, "type": "LambdaFunctionScheduled", "previousEventId": 5},
        {"id": 9, "type": "LambdaFunctionFailed", "previousEventId": 7},
    ]
    assert failed_state(events) == "RenderAssets"
    assert failed_state(events[:8]) is None
