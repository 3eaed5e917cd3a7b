"""The layers as built (pruned, fonts compressed) still do the work: the stages run on them alone.

layers/layers.toml prunes what no code path loads (fontTools' compilers and Cython sources, Pillow's WebP,
FreeType and LittleCMS, numpy's build aids) and the fonts layer ships xz-compressed font files; and RenderAssets
and Guidelines go without the graph layer. Each claim holds only if the real handlers still run, so this
builds the layers with layers/build_layer.py (what `sam build` runs) and runs ValidateBrief, DesignLogo,
Palette, RenderAssets and CompileGuidelines for a Latin, an Arabic and a Japanese brief, each in an isolated
interpreter (-I -S) whose path is the function's folder, the layers template.yaml gives it merged into one
folder as Lambda merges them into /opt/python, and the AWS SDK (the runtime's), against a moto S3 server.
WriteRationale (the Anthropic SDK's layer is not in question) runs with this environment's packages.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from cfn_template import ROOT

pytestmark = pytest.mark.slow  # installs the layers' wheels (a few minutes on a shared machine)

BUCKET = "brandkit-local-kits"
ISOLATED = ["validate_brief", "design_logo", "palette", "render_assets", "guidelines"]
FUNCTION_ID = {"validate_brief": "ValidateBriefFunction", "design_logo": "DesignLogoFunction",
               "palette": "PaletteFunction", "render_assets": "RenderAssetsFunction",
               "guidelines": "GuidelinesFunction"}
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
def layers(tmp_path_factory, function_layers) -> dict[str, Path]:
    """Every layer these functions use, built as `sam build` builds it: name -> its python/ folder."""
    names = {name for used in function_layers.values() for name in used}
    out = tmp_path_factory.mktemp("layers")
    builds = {name: subprocess.Popen([sys.executable, str(ROOT / "layers" / "build_layer.py"), name, str(out / name)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for name in names}
    for name, build in builds.items():
        _, err = build.communicate(timeout=900)
        assert build.returncode == 0, f"{name} did not build:\n{err[-3000:]}"
    return {name: out / name / "python" for name in names}


@pytest.fixture(scope="module")
def function_layers() -> dict[str, list[str]]:
    from brandkit.localtwin.sam_template import load_template

    template = load_template(ROOT / "template.yaml")
    shared = [ref["Ref"] for ref in template["Globals"]["Function"]["Layers"]]
    return {stage: shared + [r["Ref"] for r in template["Resources"][fn]["Properties"].get("Layers", [])]
            for stage, fn in FUNCTION_ID.items()}


@pytest.fixture(scope="module")
def opt_python(layers, function_layers, tmp_path_factory) -> dict[str, Path]:
    """Stage -> its /opt/python: Lambda extracts a function's layers, in order, into one /opt (brandkit's code
    and its font files meet there), so the layers are merged here the same way (hard links: no copying)."""
    merged = {}
    for stage, names in function_layers.items():
        folder = tmp_path_factory.mktemp(f"opt-{stage}") / "python"
        for name in names:
            shutil.copytree(layers[name], folder, copy_function=os.link, dirs_exist_ok=True)
        merged[stage] = folder
    return merged


@pytest.fixture(scope="module")
def runtime(tmp_path_factory) -> Path:
    """Stands in for /var/runtime: the AWS SDK and its dependencies only."""
    folder = tmp_path_factory.mktemp("runtime")
    for module in ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"):
        source = Path(importlib.import_module(module).__file__)
        source = source.parent if source.name == "__init__.py" else source
        (folder / source.name).symlink_to(source)
    return folder


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                 aws_secret_access_key="testing").create_bucket(Bucket=BUCKET)
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
    brief_key = f"kits/{job_id}/brief.json"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    s3.put_object(Bucket=BUCKET, Key=brief_key, Body=(ROOT / "docs" / "samples" / f"{sample}.json").read_bytes())
    env = _env(s3_endpoint, tmp_path)
    job = None
    for stage in ["validate_brief", "design_logo", "palette", "rationale", "render_assets", "guidelines"]:
        event = {"job_id": job_id, "bucket": BUCKET, "brief_key": brief_key} if job is None else \
            {"bucket": BUCKET, "brief_key": brief_key, "job": job}
        if stage in ISOLATED:
            path = [str(ROOT / "functions" / stage), str(opt_python[stage])]
            command = [sys.executable, "-I", "-S", "-c", RUN, json.dumps(path), str(runtime), json.dumps(event)]
        else:  # with this environment's packages (and this checkout's brandkit first)
            path = [str(ROOT / "functions" / stage), str(ROOT / "layers" / "core")]
            command = [sys.executable, "-c", RUN, json.dumps(path), str(runtime), json.dumps(event)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"{sample}: {stage} failed on its layers:\n{run.stderr[-4000:]}"
        done = json.loads(run.stdout.strip().splitlines()[-1])
        if stage == "validate_brief":
            job = {k: v for k, v in done["result"].items() if k != "timing_ms"}
        if stage in ("render_assets", "guidelines"):
            assert not {"networkx", "gremlin_python"} & set(done["loaded"]), f"{stage} opened the graph"

    kit = {o["Key"].removeprefix(f"kits/{job_id}/kit/"): o["Size"]
           for o in s3.list_objects_v2(Bucket=BUCKET, Prefix=f"kits/{job_id}/kit/")["Contents"]}
    pdf = s3.get_object(Bucket=BUCKET, Key=f"kits/{job_id}/kit/guidelines.pdf")["Body"].read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000, f"{sample}: guidelines.pdf is {len(pdf)} bytes"
    assert any(k.startswith("social/") and k.endswith(".png") for k in kit), sorted(kit)
    # The fonts the kit ships were unpacked from the layer's .xz files: byte for byte the vendored ones.
    shipped = [k for k in kit if k.startswith("fonts/") and k.endswith(".ttf")]
    assert shipped, sorted(kit)
    for key in shipped:
        data = s3.get_object(Bucket=BUCKET, Key=f"kits/{job_id}/kit/{key}")["Body"].read()
        family_dir, name = key.split("/")[1:]
        assert data == (ROOT / "layers" / "core" / "brandkit" / "fonts" / "files" / family_dir / name).read_bytes()
    assert list((tmp_path / "brandkit-fonts").rglob("*.ttf")), "no font was unpacked into the cache"


def test_the_built_fonts_layer_ships_compressed_fonts_and_no_pruned_code(layers):
    site = layers["FontsLayer"]
    files = site / "brandkit" / "fonts" / "files"
    assert list(files.rglob("*.ttf.xz")) and not list(files.rglob("*.ttf")), "fonts not compressed"
    assert (site / "fontTools" / "ttLib" / "tables").is_dir() and not (site / "fontTools" / "subset").exists()
    assert not list(site.rglob("*.c")), "Cython sources shipped"
    assert list((site / "fontTools" / "misc").glob("bezierTools.*.so")), "bezierTools lost its compiled twin"
    imaging = layers["ImagingLayer"]
    assert not list(imaging.glob("PIL/_imagingft.*.so")) and not list(imaging.glob("pillow.libs/libfreetype-*"))
    assert not (imaging / "vtracer").exists(), "vtracer belongs to the TraceLayer"
