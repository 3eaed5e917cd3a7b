"""`brandkit preview KITDIR`: one contact sheet of a kit's concepts, variants on their grounds, palette and
social images."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from brandkit.logo.designer import design_concepts
from brandkit.logo.system import build_logo_system
from brandkit.social import canvases, render_social
from brandkit_local.cli import main
from brandkit_local.preview import PreviewError, contact_sheet
from tests.unit.logo_fixtures import palette, profile

PALETTE = palette()


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kit")
    prof = profile("Northwind Coffee", style=["organic"])
    concepts = design_concepts(prof, PALETTE)
    system = build_logo_system(concepts.concepts[0], prof, PALETTE, alternates=concepts.concepts[1:])
    files = dict(system.files) | render_social(prof, PALETTE, system)
    files["palette/palette.json"] = json.dumps({"colors": [c.model_dump() for c in PALETTE.colors]}).encode()
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder, system


def test_sheet_shows_every_variant_on_its_ground_and_the_social_images(kit):
    folder, system = kit
    sheet = Image.open(io.BytesIO(contact_sheet(folder))).convert("RGB")
    assert sheet.width == 1600 and sheet.height > 1500
    found = {"#{:02X}{:02X}{:02X}".format(*rgb) for _, rgb in sheet.getcolors(1 << 20)}
    assert set(system.backgrounds.values()) <= found  # each declared ground is painted
    assert len(list((folder / "social").glob("*.png"))) == len(canvases())


def test_cli_writes_the_sheet_and_refuses_a_folder_that_is_not_a_kit(kit, tmp_path, capsys):
    folder, _ = kit
    out = tmp_path / "sheet.png"
    assert main(["preview", str(folder), "--out", str(out)]) == 0
    assert Image.open(out).format == "PNG"
    assert main(["preview", str(tmp_path)]) == 2
    assert "logo/logo.json is missing" in capsys.readouterr().err
    with pytest.raises(PreviewError):
        contact_sheet(tmp_path)


@pytest.mark.parametrize("tag, heading", [("ja", "ロゴ案"), ("ar", "مفاهيم الشعار")])
def test_the_sheet_is_labelled_in_the_readers_language_with_a_face_that_draws_it(kit, monkeypatch, tag, heading):
    from brandkit.i18n import translator
    from brandkit_local import preview

    drawn: list[str] = []
    text_image = preview._text_image

    def recording(text, height, *args):
        drawn.append(text)
        image = text_image(text, height, *args)
        assert image.getbbox() is not None, text  # the face drew it: not an empty image
        return image

    monkeypatch.setattr(preview, "_text_image", recording)
    folder, _ = kit
    contact_sheet(folder, translator(tag))
    assert heading in drawn
    assert not {"logo concepts", "Palette", "Social images", "chosen (master)"} & set(drawn)
