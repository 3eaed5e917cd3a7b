"""A failed run's cause in the brief's language, with a stable code beside it (issue 17).

The stages fail in English (that text is what crosses Lambda and Step Functions); RecordFailure recognises it
(brandkit.failure_causes) and says it again in the brief's language. Each test makes a real failure: a stage run
on an unusable upload, a Batch job's report, Step Functions' timeout.
"""

from __future__ import annotations

import json

import pytest

from brandkit.artifacts import Job
from brandkit.failure_causes import explain
from brandkit.i18n import translator
from brandkit.job_files import BRIEF, BRIEF_DATA, FAILURE, UPLOADS
from brandkit.stages import StageError, import_logo, record_failure, validate_brief
from brandkit.store import MemoryBucket
from tests.unit.english_left import english_left
from tests.unit.logo_upload_files import GARBAGE, png
from tests.unit.test_stages import SAMPLE, validated


@pytest.fixture()
def bucket(monkeypatch):
    monkeypatch.setenv("LOGO_ENGINE", "vector")
    monkeypatch.setattr(record_failure, "execution_events", lambda arn: [])
    return MemoryBucket()


def failed_import(bucket: MemoryBucket, language: str, name: str, data: bytes) -> tuple[Job, str]:
    """ImportLogo run on an unusable upload of a brief in `language`: the job and Lambda's errorMessage."""
    brief = SAMPLE.model_copy(update={"existing_logo": name, "language": language})
    job = validated(bucket, brief)
    bucket.store(job).save(UPLOADS.file(name), data)
    with pytest.raises(StageError) as failed:
        import_logo.run({"job": job.model_dump()}, bucket.store)
    return job, str(failed.value)


def record(bucket: MemoryBucket, job: Job | dict, error: str, cause: str) -> dict:
    state = {"job": job.model_dump() if isinstance(job, Job) else job, "error": {"Error": error, "Cause": cause}}
    return record_failure.run({"input": state, "execution": "arn:x", "job_id": "job-1"}, bucket.store)["event"]


def lambda_cause(message: str) -> str:
    return json.dumps({"errorMessage": message, "errorType": "StageError", "stackTrace": ["File x"]})


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "votre logo ne peut pas être utilisé : 'logo.png' n’est ni un fichier PNG ni un fichier SVG"),
    ("ar", "لا يمكن استخدام شعارك: 'logo.png' ليس ملف PNG ولا ملف SVG"),
    ("ja", "ロゴを使用できません: 'logo.png' は PNG でも SVG でもありません"),
])
def test_an_unusable_logo_is_said_in_the_brief_s_language_with_its_code(bucket, language, expected):
    job, english = failed_import(bucket, language, "logo.png", GARBAGE)
    event = record(bucket, job, "StageError", lambda_cause(english))
    assert english.startswith("your logo cannot be used: 'logo.png' is neither"), "the stage's words stay English"
    assert event["cause"].startswith(expected), event["cause"]
    assert (event["cause_code"], event["cause_language"], event["error"]) == ("logo_unusable", language, "StageError")
    assert not english_left(english, event["cause"], values=("'logo.png'",)), event["cause"]
    assert bucket.store(job).load(FAILURE).model_dump(mode="json") == event, "failure.json is the event"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_file_named_for_the_wrong_type_keeps_its_quoted_name_and_its_values(bucket, language):
    name = "Ma-marque_v2.svg"  # the person's own words: quoted by the stage (repr), kept as they are
    job, english = failed_import(bucket, language, name, png())
    event = record(bucket, job, "StageError", lambda_cause(english))
    assert repr(name) in event["cause"] and ".svg" in event["cause"] and "PNG" in event["cause"]
    assert event["cause_code"] == "logo_unusable"
    assert not english_left(english, event["cause"], values=(repr(name),)), event["cause"]


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "l’étape RenderAssets a dépassé son délai"),
    ("ar", "استغرقت المرحلة RenderAssets وقتًا أطول من مهلتها"),
    ("ja", "ステージ RenderAssets が制限時間を超えました"),
])
def test_a_stage_timeout_is_said_in_the_brief_s_language(bucket, monkeypatch, language, expected):
    entered = [{"id": 1, "type": "TaskStateEntered", "stateEnteredEventDetails": {"name": "RenderAssets"}},
               {"id": 2, "type": "TaskTimedOut", "previousEventId": 1}]
    monkeypatch.setattr(record_failure, "execution_events", lambda arn: entered)
    job = {"id": "job-1", "bucket": "kits", "prefix": "kits/job-1", "language": language}
    event = record(bucket, job, "States.Timeout", "")
    assert (event["cause"], event["cause_code"], event["stage"]) == (expected, "stage_timed_out", "RenderAssets")


@pytest.mark.parametrize(("language", "attempts", "expected"), [
    ("fr", 3, "la tâche GPU (Batch) brandkit-logo-j a échoué après 3 tentatives : Host EC2 (instance i-1) terminated."),
    ("ar", 3, "فشلت مهمة وحدة معالجة الرسومات (Batch) brandkit-logo-j بعد 3 محاولات: "
              "Host EC2 (instance i-1) terminated."),
    ("ja", 1, "GPU ジョブ（Batch）brandkit-logo-j が失敗しました: Host EC2 (instance i-1) terminated."),
])
def test_a_gpu_job_failure_is_said_in_the_brief_s_language_around_aws_s_own_reason(bucket, language, attempts,
                                                                                  expected):
    reclaimed = {"StatusReason": "Host EC2 (instance i-1) terminated."}
    batch = {"JobName": "brandkit-logo-j", "Status": "FAILED", "Attempts": [reclaimed] * attempts, **reclaimed}
    job = {"id": "job-1", "bucket": "kits", "prefix": "kits/job-1", "language": language}
    event = record(bucket, job, "States.TaskFailed", json.dumps(batch))
    code = "gpu_job_failed_after_attempts" if attempts > 1 else "gpu_job_failed"
    assert (event["cause"], event["cause_code"]) == (expected, code)


def test_an_english_brief_keeps_the_stage_s_own_words(bucket):
    job, english = failed_import(bucket, "en", "logo.png", GARBAGE)
    event = record(bucket, job, "StageError", lambda_cause(english))
    assert (event["cause"], event["cause_code"], event["cause_language"]) == (english, "logo_unusable", "en")


def test_a_cause_no_template_knows_keeps_its_words_and_says_so(bucket):
    job = {"id": "job-1", "bucket": "kits", "prefix": "kits/job-1", "language": "fr"}
    event = record(bucket, job, "StageError", lambda_cause("something nobody planned for"))
    assert (event["cause"], event["cause_code"]) == ("something nobody planned for", "unrecognised")


def test_a_brief_refused_at_validate_brief_is_refused_in_its_own_language(bucket):
    bad = {**SAMPLE.model_dump(mode="json"), "language": "fr", "primary_color": "blue"}
    arriving = Job(id="job-1", bucket="kits", prefix="kits/job-1")
    bucket.store(arriving).save(BRIEF_DATA, bad)
    with pytest.raises(validate_brief.BriefInvalid) as refused:
        validate_brief.run({"job_id": "job-1", "bucket": "kits", "brief_key": "kits/job-1/brief.json"}, bucket.store)
    message = translator("fr").pgettext("field error", "must be a hex colour like #1F6FEB or #1F6")
    assert str(refused.value) == f"primary_color: {message}" and "must be" not in message
    state = {"bucket": "kits", "brief_key": f"kits/job-1/{BRIEF.key}", "error": {
        "Error": "BriefInvalid", "Cause": lambda_cause(str(refused.value))}}
    event = record_failure.run({"input": state, "execution": "arn:x", "job_id": "job-1"}, bucket.store)["event"]
    assert (event["cause"], event["cause_code"], event["cause_language"]) == (str(refused.value), "brief_invalid", "fr")


def test_every_logo_refusal_a_stage_raises_is_recognised():
    from brandkit.logo.importer import LogoImportError
    from brandkit.logo.importer import import_logo as import_file
    from tests.unit.logo_upload_files import ENTITY_SVG, png_bomb

    for name, data in [("a.png", png_bomb()), ("a.svg", png()), ("a.svg", ENTITY_SVG), ("a.png", GARBAGE),
                       ("a.svg", b"<html/>"), ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>')]:
        with pytest.raises(LogoImportError) as refused:
            import_file(data, name)
        cause = explain("StageError", f"your logo cannot be used: {refused.value}")
        assert cause.code == "logo_unusable" and cause.said is not None
        reason = cause.said.values["reason"]
        assert not isinstance(reason, str), f"reason not recognised: {refused.value}"
        said = cause.say(translator("fr"))
        values = tuple(str(v) for v in reason.values.values())  # the file's own words and figures
        assert not english_left(str(refused.value), said, values=values), said


@pytest.mark.parametrize("tag, figure", [("fr", "31,80"), ("de", "31,80"), ("en", "31.80")])
def test_a_figure_in_a_cause_is_written_the_readers_way(tag, figure):
    cause = explain("States.TaskFailed", "Task timed out after 31.80 seconds")
    assert cause.code == "function_timed_out"
    assert figure in cause.say(translator(tag))
    assert str(cause.said) == cause.text  # the English words stay exactly as the stage wrote them
