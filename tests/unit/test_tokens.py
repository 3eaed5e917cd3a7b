"""Kit files from the palette and fonts: palette.json, CSS variables, W3C design tokens, Tailwind, .ase."""

import json
import re
import struct

import pytest

from brandkit.artifacts import FontChoice
from brandkit.palette import ROLES, build_palette
from brandkit.profile import build_profile
from brandkit.tokens import ase_bytes, css_string, read_ase, render_tokens
from tests.unit.test_palette_samples import sample_brief

PATHS = {"palette/palette.json", "palette/palette.ase", "tokens/tokens.css", "tokens/design-tokens.json",
         "tokens/tailwind.config.js"}


@pytest.fixture(scope="module")
def kit():
    profile = build_profile(sample_brief("bakery"))
    palette = build_palette(profile)
    return profile, palette, render_tokens(palette, profile.fonts)


def test_every_kit_file_is_rendered_as_bytes(kit):
    _, _, files = kit
    assert set(files) == PATHS
    assert all(isinstance(data, bytes) and data for data in files.values())


def test_palette_json_has_every_colour_pair_and_report(kit):
    profile, palette, files = kit
    doc = json.loads(files["palette/palette.json"])
    assert doc["format"] == "brandkit.palette/1"
    assert [c["role"] for c in doc["colors"]] == list(ROLES)
    for c, model in zip(doc["colors"], palette.colors, strict=True):
        assert set(c) == {"role", "hex", "rgb", "oklch", "cmyk", "name"}
        assert c["hex"] == model.hex and tuple(c["rgb"]) == model.rgb
    assert len(doc["text_pairs"]) == len(palette.text_pairs)
    for pair in doc["text_pairs"]:
        assert pair["passes"] is True and pair["ratio"] >= pair["required"]
        assert pair["usage"] and pair["foreground_hex"] == palette.hex(pair["foreground"])
    assert set(doc["cvd"]) == {"normal", "protan", "deutan", "tritan"}
    assert doc["adjustments"] == palette.adjustments
    assert doc["contrast_matrix"]["text"]["background"] == palette.contrast_matrix["text"]["background"]
    assert [f["family"] for f in doc["fonts"]] == [f.family for f in profile.fonts]


def test_css_custom_properties_carry_every_colour_and_the_fonts(kit):
    profile, palette, files = kit
    css = files["tokens/tokens.css"].decode()
    declared = dict(re.findall(r"--color-([a-z0-9-]+):\s*(#[0-9a-f]{6});", css))
    assert declared == {c.role: c.hex.lower() for c in palette.colors}
    heading = re.search(r"--font-heading:\s*(.+);", css).group(1)
    assert heading.startswith(css_string(profile.fonts[0].family))
    assert css.count("{") == css.count("}") == 1


def test_css_strings_cannot_be_broken_out_of():
    hostile = 'Evil"; } body { background: url(x) } :root { --x: "\\ /* 黑体'
    literal = css_string(hostile)
    assert re.fullmatch(r'"(?:[^"\\{};/*\n]|\\[0-9a-f]{1,6} )*"', literal)
    # and it still says what it said: CSS unescapes each code point (the space after it is part of the escape)
    assert re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), literal[1:-1]) == hostile


def test_hostile_font_names_stay_inside_their_strings_in_every_file(kit):
    _, palette, _ = kit
    hostile = FontChoice(family='X"; } * { color: red } /*', role="heading", classification="display",
                         licence="OFL-1.1", scripts=["Latin"])
    files = render_tokens(palette, [hostile])
    css = files["tokens/tokens.css"].decode()
    assert css.count("{") == css.count("}") == 1
    tailwind = files["tokens/tailwind.config.js"].decode()
    config = json.loads(tailwind.split("module.exports = ", 1)[1].rstrip().rstrip(";"))
    assert config["theme"]["extend"]["fontFamily"]["heading"][0] == hostile.family


def test_w3c_design_tokens(kit):
    profile, palette, files = kit
    tokens = json.loads(files["tokens/design-tokens.json"])
    colors = tokens["color"]
    assert colors["$type"] == "color"
    assert sorted(colors["neutral"], key=int) == ["50", "100", "200", "300", "400", "500", "600", "700", "800", "900"]
    for c in palette.colors:
        node = colors["neutral"][c.role.split("-")[1]] if c.role.startswith("neutral-") else colors[c.role]
        value = node["$value"]
        assert value["colorSpace"] == "srgb" and value["hex"] == c.hex.lower()
        assert [round(v * 255) for v in value["components"]] == list(c.rgb)
        assert all(0 <= v <= 1 for v in value["components"])
    assert tokens["font"]["$type"] == "fontFamily"
    assert tokens["font"]["heading"]["$value"][0] == profile.fonts[0].family
    assert tokens["font"]["body"]["$value"][-1] in ("serif", "sans-serif", "monospace", "cursive")


def test_tailwind_theme_extends_colours_and_font_families(kit):
    profile, palette, files = kit
    js = files["tokens/tailwind.config.js"].decode()
    assert "module.exports = " in js
    config = json.loads(js.split("module.exports = ", 1)[1].rstrip().rstrip(";"))
    extend = config["theme"]["extend"]
    assert extend["colors"]["primary"] == palette.hex("primary").lower()
    assert extend["colors"]["neutral"]["900"] == palette.hex("neutral-900").lower()
    assert extend["colors"]["text-muted"] == palette.hex("text-muted").lower()
    assert extend["fontFamily"]["body"][0] == profile.fonts[1].family


def test_ase_file_parses_back_to_the_palette(kit):
    _, palette, files = kit
    data = files["palette/palette.ase"]
    # The header by hand: signature, version 1.0, block count (group start + colours + group end).
    assert data[:4] == b"ASEF"
    assert struct.unpack(">HHI", data[4:12]) == (1, 0, len(palette.colors) + 2)
    blocks = read_ase(data)
    assert blocks[0] == {"kind": "group-start", "name": "Brand palette"} and blocks[-1] == {"kind": "group-end"}
    for block, c in zip(blocks[1:-1], palette.colors, strict=True):
        assert block["kind"] == "color" and block["model"] == "RGB"
        assert block["name"] == f"{c.role} {c.name}"
        assert tuple(round(v * 255) for v in block["values"]) == c.rgb
        assert block["type"] == 2  # a normal (process) swatch


def test_ase_names_are_utf16_with_any_script():
    from brandkit.artifacts import PaletteColor
    color = PaletteColor(role="primary", hex="#112233", rgb=(17, 34, 51), oklch=(0.2, 0.03, 250), cmyk=(67, 33, 0, 80),
                         name="أزرق 青")
    blocks = read_ase(ase_bytes([color]))
    assert blocks == [{"kind": "color", "name": "primary أزرق 青", "model": "RGB",
                       "values": pytest.approx([17 / 255, 34 / 255, 51 / 255]), "type": 2}]


@pytest.mark.parametrize("garbage", [b"", b"NOPE\x00\x01\x00\x00\x00\x00\x00\x00", None])
def test_read_ase_rejects_what_is_not_a_swatch_file(kit, garbage):
    if garbage is None:
        garbage = kit[2]["palette/palette.ase"][:-3]  # truncated
    with pytest.raises((ValueError, struct.error)):
        read_ase(garbage)


def test_a_role_that_cannot_be_a_token_name_is_refused(kit):
    _, palette, _ = kit
    broken = palette.model_copy(update={"colors": [palette.colors[0].model_copy(update={"role": "x;}"})]})
    with pytest.raises(ValueError):
        render_tokens(broken, [])
