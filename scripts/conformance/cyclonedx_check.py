#!/usr/bin/env python3
"""Validate a CycloneDX JSON SBOM with cyclonedx-python-lib's strict JSON validator.

Usage: cyclonedx_check.py --label NAME [--expect-components] FILE.json

Validates against the specVersion the document declares (1.5 or 1.6; anything else
fails) and, when it declares 1.5, against 1.6 too (a 1.5 document should stay valid).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklines import Lines  # noqa: E402

LINES = Lines()
report = LINES.report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--expect-components", action="store_true")
    ap.add_argument("file")
    a = ap.parse_args()
    try:
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
    except ImportError as e:
        report(False, f"cyclonedx/{a.label}/install", f"{e} (run scripts/conformance/install.sh)")
        return 1
    text = open(a.file, encoding="utf-8").read()
    try:
        doc = json.loads(text)
    except ValueError as e:
        report(False, f"cyclonedx/{a.label}/json", f"not JSON: {e}")
        return 1
    declared = doc.get("specVersion")
    versions = {"1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6}
    if declared not in versions:
        report(False, f"cyclonedx/{a.label}/specVersion", f"specVersion {declared!r}, expected 1.5 or 1.6")
        return 1
    todo = [declared] + (["1.6"] if declared == "1.5" else [])
    for v in todo:
        try:
            err = JsonStrictValidator(versions[v]).validate_str(text, all_errors=True)
        except TypeError:  # older library: no all_errors
            err = JsonStrictValidator(versions[v]).validate_str(text)
        if err is None:
            report(True, f"cyclonedx/{a.label}/strict-{v}")
        else:
            errs = getattr(err, "data", err)
            try:
                items = list(errs) if not isinstance(errs, (str, bytes)) and not hasattr(errs, "message") else [errs]
            except TypeError:
                items = [errs]
            for e in items[:20]:
                e = getattr(e, "data", e)  # the jsonschema ValidationError inside the library's wrapper
                path = "/".join(str(x) for x in getattr(e, "absolute_path", []))
                msg = getattr(e, "message", str(e))
                report(False, f"cyclonedx/{a.label}/strict-{v}", f"at /{path}: {msg}")
    if a.expect_components:
        n = len(doc.get("components") or [])
        report(n > 0, f"cyclonedx/{a.label}/components", "no components (the fixture has lockfiles)")
    return LINES.exit_code()


if __name__ == "__main__":
    sys.exit(main())
