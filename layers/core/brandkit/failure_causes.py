"""A failed run's cause as a stable code and a catalogue message, so a person reads it in the brief's language.

The stages fail with English sentences (StageError's message, Lambda's errorMessage, a Batch job's status
reason): that text is all that crosses the Lambda and Step Functions boundary. RecordFailure recognises it here:
each cause a person can meet is a catalogue template (context "failure cause"), its msgid the stage's exact
English words with the varying parts as named placeholders; `explain` matches the text against the templates
and takes the values back out, so the same cause can be said again in any catalogue language. A value that is
itself a known reason (why an uploaded logo is refused, context "logo refused") is recognised and said the same
way. A value stays as the stage wrote it (quoted with repr() where the stage quotes: a file name, an option id),
so untrusted text is exactly as escaped as in the English cause. Text no template matches keeps its English
words, with code "unrecognised".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from brandkit.i18n import N_, Translator
from brandkit.i18n.said import Number, Said

UNRECOGNISED = "unrecognised"
BRIEF_INVALID = "brief_invalid"  # ValidateBrief's BriefInvalid: its field messages are in the brief's language
STAGE_TIMED_OUT = "stage_timed_out"

# Most specific first: the first template that matches the whole text wins.
CAUSES: dict[str, tuple[str, str]] = {
    "logo_unusable": N_("failure cause", "your logo cannot be used: {reason}"),
    "logo_not_uploaded": N_("failure cause", "existing_logo {name} was not uploaded to the job's uploads/ folder"),
    "no_existing_logo": N_("failure cause", "the brief names no existing_logo to import"),
    "gpu_no_candidates": N_("failure cause", "the SDXL job produced no candidates"),
    "gpu_job_failed_after_attempts": N_("failure cause", "Batch job {job} failed after {attempts} attempts: {reason}"),
    "gpu_job_failed": N_("failure cause", "Batch job {job}: {reason}"),
    "function_timed_out": N_("failure cause", "Task timed out after {seconds} seconds"),
    "no_new_concept": N_("failure cause", "more: no new concept differs enough from the {count} shown already"),
    "nothing_drawable": N_("failure cause", "neither the company name nor the industry has anything that can be "
                                            "drawn"),
    "option_not_offered": N_("failure cause", "{field}: {option} is not one of the options offered ({offered})"),
    "graph_unreachable": N_("failure cause", "the brand knowledge graph on Neptune ({endpoint}) cannot be reached: "
                                             "{detail}"),
    "font_file_missing": N_("failure cause", "the font file of {family} ({file}) is missing: expected at {where}. "
                                             "Its faces are kept out of the fonts layer; put them in the kit bucket "
                                             "once per deployment with `brandkit assets sync --bucket "
                                             "<KitBucketName>` (docs/DEPLOY.md)."),
}
# Said from the error name and the state, not from the text (Step Functions' own timeout has no sentence).
STATE_TIMEOUT = N_("failure cause", "the {stage} stage took longer than its time limit")
RUN_TIMEOUT = N_("failure cause", "a stage took longer than its time limit")  # which one is not known

# Why an uploaded logo is refused (brandkit.logo.importer's LogoImportError, brandkit.logo.trace's TraceError).
LOGO_REASONS: dict[str, tuple[str, str]] = {
    "svg_live_text": N_("logo refused", "the SVG contains live <text>; convert text to outlines (paths) and upload "
                                        "it again"),
    "svg_no_size": N_("logo refused", "the SVG has no viewBox and no pixel width/height; export it with a viewBox"),
    "svg_too_large": N_("logo refused", "the SVG is larger than {size} MB"),
    "svg_malformed": N_("logo refused", "not a well-formed SVG without DTD or entities ({detail})"),
    "svg_root": N_("logo refused", "the file's root element is not <svg>"),
    "svg_too_many_elements": N_("logo refused", "the SVG has more than {count} elements"),
    "svg_nothing_drawable": N_("logo refused", "the SVG has nothing drawable (paths or shapes) once unsafe parts "
                                               "are removed"),
    "svg_unsafe": N_("logo refused", "the SVG could not be made safe: {detail}"),
    "neither_png_nor_svg": N_("logo refused", "{name} is neither a PNG nor an SVG file (its content is neither)"),
    "wrong_extension": N_("logo refused", "{name} is named .{named} but its content is {kind}; upload it with its "
                                          "real type"),
    "png_empty": N_("logo refused", "the image has nothing on it once the background is removed"),
    "png_expected_unknown": N_("logo refused", "expected a PNG, got an unknown format"),
    "png_expected": N_("logo refused", "expected a PNG, got {format}"),
    "png_no_header": N_("logo refused", "not a readable PNG: it has no IHDR header"),
    "png_too_large": N_("logo refused", "PNG is larger than {size} MB"),
    "png_too_many_pixels": N_("logo refused", "the PNG is {width}x{height} pixels; the limit is {side} a side and "
                                              "{pixels} pixels in all (export it smaller)"),
    "png_size_mismatch": N_("logo refused", "not a readable PNG: its header and its image disagree on the size"),
    "png_damaged": N_("logo refused", "not a readable PNG (damaged or truncated: {detail})"),
}
_NESTED = {"reason": LOGO_REASONS}  # values that are themselves reasons, by placeholder name


@dataclass(frozen=True)
class Cause:
    """What a failed run says: `code` for programs, `said` for people (None: the stage's English `text`)."""

    code: str
    text: str  # the stage's own (English) words, as they arrived
    said: Said | None = None

    def say(self, t: Translator) -> str:
        return self.said.say(t) if self.said else self.text


def explain(error: str, text: str, stage: str = "unknown") -> Cause:
    """The cause of a failure named `error` (StageError, States.Timeout, ...) whose readable cause is `text`."""
    if error == "BriefInvalid":
        return Cause(BRIEF_INVALID, text)
    if error == "States.Timeout":
        said = Said(RUN_TIMEOUT) if stage == "unknown" else Said(STATE_TIMEOUT, {"stage": stage})
        return Cause(STAGE_TIMED_OUT, text, said)
    found = _recognise(text, CAUSES)
    return Cause(found[0], text, found[1]) if found else Cause(UNRECOGNISED, text)


def _recognise(text: str, templates: dict[str, tuple[str, str]]) -> tuple[str, Said] | None:
    for code, message in templates.items():
        match = _pattern(message[1]).fullmatch(text)
        if match:
            values: dict[str, object] = {name: Number(value) if _FIGURE.fullmatch(value) else value
                                         for name, value in match.groupdict().items()}
            for name, reasons in _NESTED.items():
                inner = _recognise(str(values.get(name, "")), reasons) if name in values else None
                if inner:
                    values[name] = inner[1]
            return code, Said(message, values)
    return None


_FIGURE = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?")  # as English writes a number


@cache
def _pattern(msgid: str) -> re.Pattern[str]:
    """The msgid as a regular expression: literal text, each {name} a group that takes any text."""
    parts = re.split(r"\{(\w+)\}", msgid)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(regex, re.DOTALL)
