"""S3's checks of a browser POST upload (a presigned POST's policy), which moto 5.2.1 does not make.

moto's POST-object handler stores whatever form arrives: an expired policy, another key, another Content-Type,
a file of any size and a forged signature are all answered 204 (tried against the pinned version;
tests/unit/test_post_policy.py). The twin's S3 must refuse them as S3 does, or the upload limits of
brandkit.logo_uploads would be tested against nothing. moto_bridge runs `refusal` before moto's handler.

What S3 checks (AWS docs, "Creating a POST policy" and "Authenticating requests in browser-based uploads"):
- the SigV4 signature: hex HMAC-SHA256 of the base64 policy with the signing key of x-amz-credential's date,
  region and service (or SigV2's base64 HMAC-SHA1 with the secret); a wrong one is 403 SignatureDoesNotMatch;
- the policy's expiration: 403 AccessDenied "Invalid according to Policy: Policy expired.";
- every condition: exact matches ({"field": value} or ["eq", "$field", value]), ["starts-with", "$field", prefix]
  and ["content-length-range", min, max]; a failed match is 403 AccessDenied, a size outside the range is
  400 EntityTooSmall / EntityTooLarge;
- every form field must be named by a condition (except the file, the policy, the signature and x-ignore-*):
  403 AccessDenied "Extra input fields".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

# Form fields S3 does not ask the policy to name.
UNSIGNED_FIELDS = {"file", "policy", "x-amz-signature", "signature", "awsaccesskeyid"}


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str

    def xml(self) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{escape(self.code)}</Code>'
                f"<Message>{escape(self.message)}</Message></Error>").encode()


def _denied(message: str) -> Refusal:
    return Refusal(403, "AccessDenied", f"Invalid according to Policy: {message}")


def refusal(form: Mapping[str, str], file_size: int, bucket: str, *, credentials: Mapping[str, str],
            now: datetime | None = None) -> Refusal | None:
    """Why S3 would refuse this POST upload (form fields without the file, the file's size), or None.

    credentials: access key id -> secret access key, the keys the twin's S3 knows."""
    fields = {name.lower(): value for name, value in form.items()}
    if "policy" not in fields or not ({"x-amz-signature", "signature"} & set(fields)):
        return Refusal(403, "AccessDenied", "Access Denied")  # the bucket takes no anonymous uploads
    signed = (_signature_refusal if "x-amz-signature" in fields else _v2_refusal)(fields, credentials)
    if signed:
        return signed
    try:
        policy = json.loads(base64.b64decode(fields["policy"], validate=True))
        expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
        conditions = list(policy["conditions"])
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
        return Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
    if expiration <= (now or datetime.now(UTC)):
        return _denied("Policy expired.")
    values = {**fields, "bucket": bucket}
    named: set[str] = set()
    for condition in conditions:
        failed = _condition_refusal(condition, values, file_size, named)
        if failed:
            return failed
    extra = sorted(f for f in fields if f not in named and f not in UNSIGNED_FIELDS and not f.startswith("x-ignore-"))
    if extra:
        return _denied(f"Extra input fields: {', '.join(extra)}")
    return None


def _signature_refusal(fields: dict[str, str], credentials: Mapping[str, str]) -> Refusal | None:
    try:
        access_key, date, region, service, _ = fields["x-amz-credential"].split("/")
    except (KeyError, ValueError):
        return Refusal(400, "InvalidArgument", "x-amz-credential is missing or malformed")
    secret = credentials.get(access_key)
    if secret is None:
        return Refusal(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, fields["policy"].encode(), hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(expected, fields["x-amz-signature"]) else _MISMATCH


def _v2_refusal(fields: dict[str, str], credentials: Mapping[str, str]) -> Refusal | None:
    """SigV2 (AWSAccessKeyId + signature): what botocore presigns with unless told s3v4."""
    secret = credentials.get(fields.get("awsaccesskeyid", ""))
    if secret is None:
        return Refusal(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    digest = hmac.new(secret.encode(), fields["policy"].encode(), hashlib.sha1).digest()
    return None if hmac.compare_digest(base64.b64encode(digest).decode(), fields["signature"]) else _MISMATCH


_MISMATCH = Refusal(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.")


def _condition_refusal(condition: Any, values: dict[str, str], file_size: int, named: set[str]) -> Refusal | None:
    if isinstance(condition, dict) and len(condition) == 1:
        ((name, expected),) = condition.items()
        return _match("eq", f"${name}", expected, values, named)
    if isinstance(condition, list) and len(condition) == 3:
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if file_size < low:
                return Refusal(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
            if file_size > high:
                return Refusal(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
            return None
        if operator in ("eq", "starts-with"):
            return _match(operator, str(condition[1]), str(condition[2]), values, named)
    return Refusal(400, "InvalidPolicyDocument", f"Invalid Policy: Invalid Condition: {json.dumps(condition)[:200]}")


def _match(operator: str, field: str, expected: Any, values: dict[str, str], named: set[str]) -> Refusal | None:
    name = field.removeprefix("$").lower()
    named.add(name)
    actual = values.get(name, "")
    ok = actual == str(expected) if operator == "eq" else actual.startswith(str(expected))
    if ok:
        return None
    return _denied(f'Policy Condition failed: ["{operator}", "${name}", "{expected}"]')
