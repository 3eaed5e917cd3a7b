"""The Claude path: one structured-output conversation with the Messages API.

- Structured output through tool use: one tool (`record_rationale`) whose input_schema is
  RationaleDraft's JSON schema, forced with tool_choice where the model allows forcing (see
  models.py). The tool does nothing; no tool that acts is ever offered.
- The reply is validated by pydantic and by the grounding checks. An invalid reply is sent
  back once as an error tool_result naming the problems; a second invalid reply fails.
- Missing citations (a palette role without a note, a font family not named) are repaired
  with the deterministic writer's sentences; naming something outside the kit is invalid.
- A 400 that names tool_choice or effort is retried once without that option (models.py
  may lag behind a new model's rules); any other 4xx goes straight to the fallback.
- Resilience: the SDK retries 408/409/429/5xx and connection errors (max_retries, with
  backoff and retry-after); each HTTP attempt has timeout_s; the whole conversation has
  deadline_s, enforced by cancelling it (asyncio.timeout), so a long retry-after cannot
  hold the Lambda past its budget.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections import Counter
from typing import Any

import anthropic
from pydantic import ValidationError

from brandkit.artifacts import ColorNote, Rationale
from brandkit.rationale.deterministic import DeterministicWriter
from brandkit.rationale.grounding import (
    Problem,
    check_rationale,
    content_problems,
    missing_families,
    missing_roles,
    rationale_texts,
)
from brandkit.rationale.kit import Kit
from brandkit.rationale.leak import leaks_prompt
from brandkit.rationale.models import PRICES_AS_OF, model_info
from brandkit.rationale.prompt import SYSTEM_PROMPT, user_message
from brandkit.rationale.sections import TOOL_NAME, RationaleDraft, tool_definition
from brandkit.rationale.settings import RationaleSettings

log = logging.getLogger(__name__)

_TOKEN_FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")


class ClaudeFailure(Exception):
    """Claude gave no usable rationale; `usage` still counts the tokens that were billed."""

    def __init__(self, reason: str, usage: dict[str, Any]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.usage = usage


class UsageMeter:
    """Tokens and cost over every billed response of one conversation (failed attempts are not billed)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.tokens: Counter[str] = Counter()
        self.responses = 0

    def add(self, usage: Any) -> None:
        self.responses += 1
        for field in _TOKEN_FIELDS:
            self.tokens[field] += getattr(usage, field, None) or 0

    def as_dict(self) -> dict[str, Any]:
        info = model_info(self.model)
        return {
            "model": self.model,
            **{field: self.tokens[field] for field in _TOKEN_FIELDS},
            "responses": self.responses,
            "cost_usd": info.cost_usd(self.tokens) if info else None,
            "prices_as_of": PRICES_AS_OF,
        }


def _validation_summary(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in errors)[:2000]


def _repair(rationale: Rationale, kit: Kit) -> tuple[Rationale, list[str]]:
    """Append the deterministic writer's citations for whatever the model left out."""
    roles, families = missing_roles(rationale, kit), missing_families(rationale, kit)
    if not roles and not families:
        return rationale, []
    writer = DeterministicWriter(kit)
    notes = {c.role: c for c in rationale.colors}
    for color in kit.colors:
        if color.role in roles:
            notes[color.role] = ColorNote(role=color.role, hex=color.hex, why=writer.color_why(color))
    update: dict[str, Any] = {"colors": [notes[c.role] for c in kit.colors]}
    repairs = [f"added the deterministic colour note for {', '.join(roles)}"] if roles else []
    if families:
        update["typography"] = f"{rationale.typography} {writer.typography()}"
        repairs.append(f"added the deterministic typography paragraph naming {', '.join(families)}")
    return rationale.model_copy(update=update), repairs


def evaluate(tool_input: Any, kit: Kit) -> tuple[Rationale | None, list[Problem], list[str]]:
    """Validate one tool input: (rationale, [], repairs) when usable, else (None, problems, [])."""
    try:
        draft = RationaleDraft.model_validate(tool_input)
    except ValidationError as exc:
        return None, [Problem("schema", _validation_summary(exc))], []
    rationale = Rationale(
        language=kit.brief.language,
        language_choice={"requested": kit.brief.language, "used": kit.brief.language,
                         "reason": "written by the model in the requested language"},
        writer="claude",
        summary=draft.summary,
        logo=draft.logo,
        colors=[ColorNote(role=c.role, hex=c.hex.upper(), why=c.why) for c in draft.colors],
        typography=draft.typography,
        voice=draft.voice,
        voice_examples=draft.voice_examples,
        do=draft.do,
        dont=draft.dont,
    )
    problems = content_problems(rationale, kit)
    if leaks_prompt("\n".join(rationale_texts(rationale))):
        problems.append(Problem("prompt-leak", "the answer repeats the instructions; write only about the brand"))
    if problems:
        return None, problems, []
    rationale, repairs = _repair(rationale, kit)
    remaining = check_rationale(rationale, kit)
    return (None, remaining, []) if remaining else (rationale, [], repairs)


def _tool_choice(model: str) -> dict[str, Any]:
    info = model_info(model)
    if info is not None and info.forced_tool_choice:
        return {"type": "tool", "name": TOOL_NAME}
    # Models that reject forcing (and models we do not know) choose freely; the system prompt
    # requires the tool and a reply without it is invalid.
    return {"type": "auto"}


def _request(settings: RationaleSettings) -> dict[str, Any]:
    request: dict[str, Any] = {
        "model": settings.model,
        "max_tokens": settings.max_tokens,
        "system": SYSTEM_PROMPT,
        "tools": [tool_definition()],
        "tool_choice": _tool_choice(settings.model),
    }
    info = model_info(settings.model)
    if settings.effort and info is not None and info.effort:
        request["output_config"] = {"effort": settings.effort}
    return request


def _relaxed(request: dict[str, Any], exc: anthropic.BadRequestError) -> str | None:
    """Drop the one option a 400 complains about, if it is one we can do without; say what changed."""
    message = str(exc.message).lower()
    if "tool_choice" in message and request["tool_choice"]["type"] != "auto":
        request["tool_choice"] = {"type": "auto"}
        return "the model refused a forced tool_choice; asked again with tool_choice auto"
    if ("effort" in message or "output_config" in message) and "output_config" in request:
        del request["output_config"]
        return "the model refused the effort setting; asked again without it"
    return None


async def _create(
    client: anthropic.AsyncAnthropic, request: dict[str, Any], messages: list[Any], notes: list[str]
) -> anthropic.types.Message:
    # Model capabilities move faster than models.py: a 400 about tool_choice or effort is retried
    # once per option without it, instead of losing Claude for every kit until the table is updated.
    while True:
        try:
            message: anthropic.types.Message = await client.messages.create(messages=messages, **request)
            return message
        except anthropic.BadRequestError as exc:
            change = _relaxed(request, exc)
            if change is None:
                raise
            log.warning("Claude request relaxed: %s", change)
            notes.append(f"Claude ({request['model']}): {change}.")


async def _conversation(
    client: anthropic.AsyncAnthropic, kit: Kit, settings: RationaleSettings, meter: UsageMeter
) -> Rationale:
    request = _request(settings)
    messages: list[dict[str, Any]] = [{"role": "user", "content": user_message(kit)}]
    problems: list[Problem] = []
    relaxations: list[str] = []
    for attempt in (1, 2):
        response = await _create(client, request, messages, relaxations)
        meter.add(response.usage)
        if response.stop_reason == "refusal":
            raise ClaudeFailure("Claude declined the request (stop_reason: refusal)", meter.as_dict())
        block = next((b for b in response.content if b.type == "tool_use" and b.name == TOOL_NAME), None)
        if block is None:
            problems = [Problem("no-tool-call", f"the reply did not call {TOOL_NAME}")]
        else:
            rationale, problems, repairs = evaluate(block.input, kit)
            if rationale is not None:
                notes = relaxations + [f"Repaired Claude's output: {r}." for r in repairs]
                if attempt == 2:
                    notes.insert(0, "Claude's first answer failed validation; the second passed.")
                return rationale.model_copy(update={"notes": notes, "usage": meter.as_dict()})
        if response.stop_reason == "max_tokens":
            problems.append(Problem("max-tokens", "the answer was cut off at max_tokens: write more concisely"))
        log.warning("Claude rationale attempt %d invalid: %s", attempt, [p.code for p in problems])
        if attempt == 2:
            break
        feedback = (
            "The rationale was rejected:\n- " + "\n- ".join(p.detail for p in problems)
            + f"\nCall {TOOL_NAME} again with a corrected, complete rationale."
        )
        assistant = [b.model_dump(mode="json", exclude_none=True) for b in response.content]
        if block is not None:
            reply = [{"type": "tool_result", "tool_use_id": block.id, "is_error": True, "content": feedback}]
        else:
            reply = [{"type": "text", "text": feedback}]
        messages += [{"role": "assistant", "content": assistant}, {"role": "user", "content": reply}]
    codes = ", ".join(dict.fromkeys(p.code for p in problems))
    raise ClaudeFailure(f"its output failed validation twice ({codes})", meter.as_dict())


def _reason(exc: Exception, settings: RationaleSettings) -> str:
    retries = f"after {settings.max_retries} retries"
    if isinstance(exc, anthropic.APITimeoutError):
        return f"the API timed out ({settings.timeout_s:g} s per attempt) {retries}"
    if isinstance(exc, anthropic.APIConnectionError):
        return f"the API could not be reached {retries}"
    if isinstance(exc, anthropic.RateLimitError):
        return f"the API kept rate-limiting (429) {retries}"
    if isinstance(exc, anthropic.APIStatusError) and exc.status_code >= 500:
        return f"the API kept failing ({exc.status_code}) {retries}"
    if isinstance(exc, anthropic.APIStatusError):
        return f"the API rejected the request ({exc.status_code}): {str(exc.message)[:300]}"
    return f"unexpected error {type(exc).__name__}: {str(exc)[:300]}"


async def write_with_claude_async(kit: Kit, settings: RationaleSettings, api_key: str) -> Rationale:
    """Claude's rationale for `kit`; raises ClaudeFailure (with the usage so far) on any failure."""
    meter = UsageMeter(settings.model)
    client = anthropic.AsyncAnthropic(
        api_key=api_key,
        base_url=settings.base_url,
        max_retries=settings.max_retries,
        timeout=min(settings.timeout_s, settings.deadline_s),
    )
    try:
        async with client:
            async with asyncio.timeout(settings.deadline_s):
                return await _conversation(client, kit, settings, meter)
    except ClaudeFailure:
        raise
    except TimeoutError:
        raise ClaudeFailure(f"no valid answer within the {settings.deadline_s:g} s deadline", meter.as_dict()) from None
    except Exception as exc:  # the kit must still get a rationale; the reason is kept in its notes
        log.warning("Claude rationale failed", exc_info=True)
        raise ClaudeFailure(_reason(exc, settings), meter.as_dict()) from exc


def write_with_claude(kit: Kit, settings: RationaleSettings, api_key: str) -> Rationale:
    """Synchronous entry point (Lambda handlers, the CLI); works inside a running event loop too."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(write_with_claude_async(kit, settings, api_key))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, write_with_claude_async(kit, settings, api_key)).result()
