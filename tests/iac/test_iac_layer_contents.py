"""The layers as built (pruned, fonts compressed, byte-code only) still do the work, on their own.

layers/layers.toml prunes what no code path loads (fontTools' compilers and Cython sources, Pillow's WebP,
FreeType and LittleCMS, numpy's build aids), the fonts layer ships xz-compressed font files, third-party
code ships as CPython 3.11 byte-code alone, and each function gets only the layers its imports need. Each
claim holds only if the real handlers still run, so this takes the layers from `sam build` (the session's
build: layers/Makefile -> layers/build_layer.py) and runs every stage of the vector path for a Latin, an
Arabic and a Japanese brief, each in an isolated interpreter (-I -S -B: no site-packages, nothing written,
as on Lambda's read-only /opt) whose path is the function's folder, its layers merged as Lambda merges them
into /opt/python, and the AWS SDK (the runtime's), against a moto S3 server whose bucket holds the asset faces
as `brandkit assets sync` puts them (the Japanese and Arabic faces are fetched from there); and imports every
handler the same way, checking that nothing of the layers was compiled from source at import (the cold-start cost the
byte-code is there to save).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from brandkit.fonts import asset_key
from brandkit.store import BucketObjects
from brandkit_local import checkout, font_assets
from tests.iac.cfn_template import ROOT

build_layer = checkout.load_file("layers/build_layer.py", "build_layer")

pytestmark = pytest.mark.slow  # needs `sam build` (installs the layers' wheels) and runs every stage

BUCKET = "brandkit-local-kits"
STAGES = ["validate_brief", "design_logo", "palette", "rationale", "render_assets", "guidelines"]
SAMPLES = ["northwind-coffee", "noor-bakery", "sakura-tea"]  # Latin, Arabic, Japanese

# Runs one handler; prints its result and the third-party packages it loaded (top-level names).
RUN = """
import json, sys
path, runtime, event = json.loads(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = path
sys.path.append(runtime)
import app
class Context:
    function_name, memory_limit_in_mb, aws_request_id = "layer-check", 1024, "req-1"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:layer-check"
    def get_remaining_time_in_millis(self): return 60000
result = app.lambda_handler(event, Context())
loaded = sorted({m.split(".")[0] for m, mod in sys.modules.items()
                 if getattr(mod, "__file__", None) and any(mod.__file__.startswith(p) for p in path)})
print(json.dumps({"result": result, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def layers(sam_build, function_layers) -> dict[str, Path]:
    """Every layer as `sam build` built it for deployment: name -> its python/ folder."""
    return {name: sam_build / name / "python" for name in {n for used in function_layers.values() for n in used}}


@pytest.fixture(scope="module")
def template() -> dict:
    from brandkit_local.twin.sam_template import load_template

    return load_template(ROOT / "template.yaml")


@pytest.fixture(scope="module")
def function_defs(template) -> dict:
    """functions/<dir> -> its definition as the template gives it (environment, layers Globals' first)."""
    from brandkit_local.twin import sam_template

    refs = sam_template.parameter_defaults(template) | {name: f"brandkit-{name}" for name in template["Resources"]}
    return {fn.code_dir.name: fn for fn in sam_template.functions(template, ROOT, refs).values()}


@pytest.fixture(scope="module")
def function_layers(function_defs) -> dict[str, list[str]]:
    return {name: fn.layers for name, fn in function_defs.items()}


@pytest.fixture(scope="module")
def opt_python(layers, function_layers, tmp_path_factory) -> dict[str, Path]:
    """functions/<dir> -> its /opt/python, the layers merged in order as Lambda merges them."""
    return {
        stage: build_layer.merge([layers[name] for name in names], tmp_path_factory.mktemp(f"opt-{stage}") / "python")
        for stage, names in function_layers.items()
    }


@pytest.fixture(scope="module")
def runtime(tmp_path_factory) -> Path:
    return build_layer.stand_in_runtime(tmp_path_factory.mktemp("runtime"))


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    s3.create_bucket(Bucket=BUCKET)
    font_assets.sync(BucketObjects(BUCKET, s3))  # the step after each deploy (docs/DEPLOY.md)
    yield endpoint
    server.stop()


def _env(endpoint: str, tmp: Path) -> dict[str, str]:
    return {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "BRANDKIT_S3_ENDPOINT": endpoint, "AWS_ENDPOINT_URL_S3": endpoint, "KIT_BUCKET": BUCKET,
            "LOGO_ENGINE": "vector", "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
            "TMPDIR": str(tmp), "PATH": os.environ.get("PATH", "")}


@pytest.mark.parametrize("sample", SAMPLES)
def test_stages_run_on_their_built_layers_alone(sample, opt_python, runtime, s3_endpoint, tmp_path):
    job_id = f"job-{sample}"
    brief_key = f"tenants/default/kits/{job_id}/brief.json"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    s3.put_object(Bucket=BUCKET, Key=brief_key, Body=(ROOT / "docs" / "samples" / f"{sample}.json").read_bytes())
    env = _env(s3_endpoint, tmp_path)
    job = None
    for stage in STAGES:
        event = {"job_id": job_id, "bucket": BUCKET, "brief_key": brief_key} if job is None else \
            {"bucket": BUCKET, "brief_key": brief_key, "job": job}
        path = [str(ROOT / "functions" / stage), str(opt_python[stage])]
        command = [sys.executable, "-I", "-S", "-B", "-c", RUN, json.dumps(path), str(runtime), json.dumps(event)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"{sample}: {stage} failed on its layers:\n{run.stderr[-4000:]}"
        done = json.loads(run.stdout.strip().splitlines()[-1])
        if stage == "validate_brief":
            job = {k: v for k, v in done["result"].items() if k != "timing_ms"}
        if stage in ("design_logo", "render_assets", "guidelines"):
            assert not {"networkx", "gremlin_python"} & set(done["loaded"]), f"{stage} opened the graph"

    kit = {o["Key"].removeprefix(f"tenants/default/kits/{job_id}/kit/"): o["Size"]
           for o in s3.list_objects_v2(Bucket=BUCKET, Prefix=f"tenants/default/kits/{job_id}/kit/")["Contents"]}
    pdf = s3.get_object(Bucket=BUCKET, Key=f"tenants/default/kits/{job_id}/kit/guidelines.pdf")["Body"].read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000, f"{sample}: guidelines.pdf is {len(pdf)} bytes"
    assert any(k.startswith("social/") and k.endswith(".png") for k in kit), sorted(kit)
    # The fonts the kit ships were unpacked from the layer's .xz files: byte for byte the vendored ones.
    shipped = [k for k in kit if k.startswith("fonts/") and k.endswith(".ttf")]
    assert shipped, sorted(kit)
    for key in shipped:
        data = s3.get_object(Bucket=BUCKET, Key=f"tenants/default/kits/{job_id}/kit/{key}")["Body"].read()
        family_dir, name = key.split("/")[1:]
        assert data == (ROOT / "layers" / "core" / "brandkit" / "fonts" / "files" / family_dir / name).read_bytes()
    cache = tmp_path / "brandkit-fonts"
    cached = {p.relative_to(cache).as_posix() for p in cache.rglob("*.ttf")}
    assert cached, "no font was unpacked into the cache"
    # The Japanese and Arabic names' faces came from the bucket's assets/fonts/; a Latin kit fetched none.
    fetched = {rel.split("/")[1] for rel in set(font_assets.asset_files()) & cached}
    arabic = {"Noto-Sans-Arabic", "Noto-Naskh-Arabic", "Amiri", "Scheherazade", "Noto-Kufi-Arabic"}
    expected = {"sakura-tea": lambda: "M-PLUS-1" in fetched, "noor-bakery": lambda: bool(fetched & arabic)}
    assert expected.get(sample, lambda: not fetched)(), (sample, sorted(cached))


# Imports a handler; prints the modules loaded from the layers as source (.py) and brandkit's without byte-code.
IMPORT = """
import json, os, sys
path, runtime = json.loads(sys.argv[1]), sys.argv[2]
sys.path[:0] = path
sys.path.append(runtime)
import app
opt = path[1]
mods = [m for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").startswith(opt)]
from_source = sorted(m.__name__ for m in mods if m.__file__.endswith(".py") and not m.__name__.startswith("brandkit"))
uncached = sorted(m.__name__ for m in mods if m.__name__.startswith("brandkit") and m.__file__.endswith(".py")
                  and not os.path.isfile(m.__cached__ or ""))
print(json.dumps({"from_source": from_source, "uncached": uncached, "loaded": len(mods)}))
"""


def test_every_handler_imports_on_its_layers_from_byte_code(function_defs, opt_python, runtime):
    for name, fn in function_defs.items():
        env = {**fn.environment, "AWS_DEFAULT_REGION": "us-east-1", "PATH": os.environ.get("PATH", ""),
               "POWERTOOLS_TRACE_DISABLED": "true"}
        path = [str(ROOT / "functions" / name), str(opt_python[name])]
        run = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", IMPORT, json.dumps(path), str(runtime)],
                             cwd=ROOT / "functions" / name, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, f"{name} does not import on its layers:\n{run.stderr[-3000:]}"
        found = json.loads(run.stdout.strip().splitlines()[-1])
        assert found["loaded"] > 20, found
        assert not found["from_source"], f"{name}: compiled from source at import: {found['from_source']}"
        assert not found["uncached"], f"{name}: brandkit modules without byte-code: {found['uncached']}"


def test_the_built_fonts_layer_ships_compressed_fonts_and_no_pruned_code(layers):
    site = layers["FontsLayer"]
    files = site / "brandkit" / "fonts" / "files"
    assert list(files.rglob("*.ttf.xz")) and not list(files.rglob("*.ttf")), "fonts not compressed"
    # The asset faces are in the kit bucket, not here; their licences are (a kit set in one ships it).
    left_out = [asset_key(rel) for rel in font_assets.asset_files() if (files.parent / (rel + ".xz")).exists()]
    assert not left_out, left_out
    assert (files / "M-PLUS-1" / "OFL.txt").is_file() and (files / "Inter" / "Inter-Regular.ttf.xz").is_file()
    assert (site / "fontTools" / "ttLib" / "tables").is_dir() and not (site / "fontTools" / "subset").exists()
    assert not list(site.rglob("*.c")), "Cython sources shipped"
    assert (site / "fontTools" / "misc" / "bezierTools.pyc").is_file(), "bezierTools must stay, as byte-code"
    assert not list((site / "fontTools").rglob("*.py")), "third-party code ships as byte-code alone"
    imaging = layers["ImagingLayer"]
    assert not list(imaging.glob("PIL/_imagingft.*.so")) and not list(imaging.glob("pillow.libs/libfreetype-*"))
    assert not (imaging / "resvg").exists(), "resvg belongs to the RenderLayer (the PDF does not need it)"


def test_no_layer_ships_the_local_twin_the_cli_or_the_cost_model(layers):
    """brandkit_local (the twin, `brandkit serve`, the CLI, the month cost model) is for laptops and CI only."""
    for name, site in layers.items():
        shipped = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir() or p.suffix in {".py", ".pyc"}}
        leaked = sorted(p for p in shipped if p.startswith("brandkit_local") or p in {
            "brandkit/localtwin", "brandkit/cli.py", "brandkit/cli.pyc", "brandkit/cost"})
        assert not leaked, f"{name} ships developer tools: {leaked[:5]}"
        assert not (site / "moto").exists(), f"{name} ships moto, which only the twin needs"
