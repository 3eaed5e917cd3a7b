"""What we know about each Claude model the rationale may run on: its price and two request
capabilities that differ between generations.

Prices are USD per million tokens from Anthropic's published pricing (model pages and the
pricing page), checked on PRICES_AS_OF. Unknown models still run; their cost is reported as
unknown rather than guessed.

- `forced_tool_choice`: Claude Sonnet 5.5, Opus 5.5 and Fable 5.1 answer a forced
  `tool_choice` ({"type": "tool"} or "any") with a 400 error; they get `auto` plus a system
  prompt that requires the tool, and a reply without the tool call counts as invalid output.
- `effort`: the `output_config.effort` parameter; older models reject it, so it is sent only
  where the model takes it.
A model whose row is wrong or missing still works: a 400 that names tool_choice or effort is
answered by asking once more without that option (claude.py), and the notes say so.
"""

from __future__ import annotations

from dataclasses import dataclass

PRICES_AS_OF = "2026-10-24"


@dataclass(frozen=True)
class ModelInfo:
    input: float  # USD per million input tokens
    output: float
    cache_write: float  # 5-minute cache writes
    cache_read: float
    forced_tool_choice: bool
    effort: bool

    def cost_usd(self, usage: dict[str, int]) -> float:
        per_token = (
            usage.get("input_tokens", 0) * self.input
            + usage.get("output_tokens", 0) * self.output
            + usage.get("cache_creation_input_tokens", 0) * self.cache_write
            + usage.get("cache_read_input_tokens", 0) * self.cache_read
        )
        return round(per_token / 1_000_000, 6)


# Keyed by model id prefix (dated ids such as claude-sonnet-4-5-20250929 match their alias).
MODELS: dict[str, ModelInfo] = {
    "claude-fable-5-1": ModelInfo(10.0, 50.0, 12.5, 0.25, forced_tool_choice=False, effort=True),
    "claude-fable-5": ModelInfo(10.0, 50.0, 12.5, 1.0, forced_tool_choice=False, effort=True),
    "claude-opus-5-5": ModelInfo(4.0, 20.0, 5.0, 0.20, forced_tool_choice=False, effort=True),
    "claude-opus-5": ModelInfo(5.0, 25.0, 6.25, 0.50, forced_tool_choice=True, effort=True),
    "claude-opus-4-8": ModelInfo(5.0, 25.0, 6.25, 0.50, forced_tool_choice=True, effort=False),
    "claude-opus-4-7": ModelInfo(5.0, 25.0, 6.25, 0.50, forced_tool_choice=True, effort=False),
    "claude-opus-4-6": ModelInfo(5.0, 25.0, 6.25, 0.50, forced_tool_choice=True, effort=False),
    "claude-opus-4-5": ModelInfo(5.0, 25.0, 6.25, 0.50, forced_tool_choice=True, effort=False),
    "claude-sonnet-5-5": ModelInfo(2.0, 10.0, 2.5, 0.10, forced_tool_choice=False, effort=True),
    "claude-sonnet-5": ModelInfo(2.0, 10.0, 2.5, 0.20, forced_tool_choice=True, effort=True),
    "claude-sonnet-4-6": ModelInfo(3.0, 15.0, 3.75, 0.30, forced_tool_choice=True, effort=False),
    "claude-sonnet-4-5": ModelInfo(3.0, 15.0, 3.75, 0.30, forced_tool_choice=True, effort=False),
    # Haiku 5.5: the rate for prompts up to 100k tokens (a rationale prompt is a few thousand).
    "claude-haiku-5-5": ModelInfo(0.10, 0.50, 0.125, 0.01, forced_tool_choice=True, effort=True),
    "claude-haiku-4-5": ModelInfo(1.0, 5.0, 1.25, 0.10, forced_tool_choice=True, effort=False),
}


def model_info(model: str) -> ModelInfo | None:
    """The table row for `model`, matching the longest known prefix; None for unknown models."""
    for prefix in sorted(MODELS, key=len, reverse=True):
        if model == prefix or model.startswith(prefix + "-"):
            return MODELS[prefix]
    return None
