"""RecordFailure reads the execution's history again when a first read fails or does not show the failure yet."""

from __future__ import annotations

from botocore.exceptions import ClientError

from brandkit.stages import record_failure

ENTERED = {"id": 5, "type": "TaskStateEntered", "previousEventId": 4,
           "stateEnteredEventDetails": {"name": "WriteRationale"}}
FAILED = {"id": 6, "type": "LambdaFunctionFailed", "previousEventId": 5}


def _reads(monkeypatch, answers):
    calls = []

    def execution_events(arn):
        calls.append(arn)
        answer = answers[min(len(calls), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(record_failure, "execution_events", execution_events)
    return calls


def test_a_history_that_cannot_be_read_at_first_is_read_again(monkeypatch):
    error = ClientError({"Error": {"Code": "InternalFailure", "Message": "x"}}, "GetExecutionHistory")
    calls = _reads(monkeypatch, [error, [ENTERED, FAILED]])
    assert record_failure._failed_stage("arn:x", pause_s=0) == "WriteRationale"
    assert len(calls) == 2


def test_a_history_without_the_failure_yet_is_read_again(monkeypatch):
    calls = _reads(monkeypatch, [[ENTERED], [ENTERED, FAILED]])
    assert record_failure._failed_stage("arn:x", pause_s=0) == "WriteRationale"
    assert len(calls) == 2


def test_a_history_that_never_shows_a_failure_gives_unknown_after_a_few_reads(monkeypatch):
    calls = _reads(monkeypatch, [[ENTERED]])
    assert record_failure._failed_stage("arn:x", attempts=3, pause_s=0) == "unknown"
    assert len(calls) == 3
