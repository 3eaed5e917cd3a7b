"""The shape Claude must fill: one tool whose input_schema is this model's JSON schema.

The tool never runs anything: "calling" it is how the model hands back structured output,
which is then validated by this same model and by the grounding checks.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TOOL_NAME = "record_rationale"

Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=2500)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=400)]


class ColorLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str = Field(description="The palette role exactly as given, e.g. 'primary' or 'neutral-900'.")
    hex: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] = Field(
        description="The role's hex code exactly as given in the palette."
    )
    why: Annotated[str, StringConstraints(strip_whitespace=True, min_length=15, max_length=600)] = Field(
        description="Why this colour, and where to use it."
    )


class RationaleDraft(BaseModel):
    """The design rationale of one brand kit."""

    model_config = ConfigDict(extra="forbid")

    summary: Prose = Field(description="What the kit is and the reasoning behind it, grounded in the facts.")
    logo: Prose = Field(description="The chosen logo concept: what it is and why it fits.")
    colors: list[ColorLine] = Field(min_length=1, description="One entry per palette colour, in palette order.")
    typography: Prose = Field(description="Both font families, their roles and why they pair.")
    voice: Prose = Field(description="Voice and tone: how the brand writes.")
    voice_examples: list[Line] = Field(min_length=2, max_length=6, description="Example lines in that voice.")
    do: list[Line] = Field(min_length=3, max_length=8, description="Concrete, checkable rules to follow.")
    dont: list[Line] = Field(min_length=3, max_length=8, description="Concrete, checkable misuses to avoid.")


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    # Tool schemas are read by the model, not by a validator: inline $refs so each field reads in place.
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_refs(defs[node["$ref"].split("/")[-1]], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def tool_definition() -> dict[str, Any]:
    schema = RationaleDraft.model_json_schema()
    return {
        "name": TOOL_NAME,
        "description": (
            "Record the finished design rationale of this brand kit. Call it exactly once, with every field "
            "written in the kit's language. It stores the text; it does nothing else."
        ),
        "input_schema": _inline_refs(schema, schema.get("$defs", {})),
    }
