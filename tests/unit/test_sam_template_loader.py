"""The twin reads template.yaml with libyaml's parser where PyYAML has it: the same document as PyYAML's own."""

from __future__ import annotations

import pytest
import yaml

from brandkit_local.twin import sam_template


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml: the pure parser is the one used")
def test_template_reads_the_same_with_libyaml_as_with_the_pure_parser():
    class PureCfnLoader(yaml.SafeLoader):
        pass

    PureCfnLoader.add_multi_constructor("!", sam_template._tag)
    root = sam_template.project_root()
    text = (root / "template.yaml").read_text(encoding="utf-8")
    assert issubclass(sam_template._CfnLoader, yaml.CSafeLoader)
    fast = sam_template.load_template(root / "template.yaml")
    assert fast == yaml.load(text, Loader=PureCfnLoader)  # noqa: S506 - SafeLoader subclass
    assert fast["Resources"]["KitBucket"]["Type"] == "AWS::S3::Bucket"


def test_intrinsic_tags_become_the_long_form():
    text = "a: !Ref Bucket\nb: !GetAtt Fn.Arn\nc: !Sub '${X}-y'\nd: !If [Cond, 1, 2]\n"
    loaded = yaml.load(text, Loader=sam_template._CfnLoader)  # noqa: S506 - SafeLoader subclass
    assert loaded == {"a": {"Ref": "Bucket"}, "b": {"Fn::GetAtt": ["Fn", "Arn"]}, "c": {"Fn::Sub": "${X}-y"},
                      "d": {"Fn::If": ["Cond", 1, 2]}}
