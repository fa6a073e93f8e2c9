#!/usr/bin/env python3
"""Counts Java tests from Surefire's XML reports (not from Maven's console summary, whose "Tests run"
includes skipped tests). Prints "PASSED FAILED SKIPPED" on the first line, then one line per skipped
test ("skip java Class#method: reason"). A test class whose report holds no test case at all (JUnit
aborted it in @BeforeAll, for instance with an assumption) counts as one skipped entry, so it cannot
vanish from the total."""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def main(folder):
    passed = failed = skipped = 0
    skips = []
    for path in sorted(glob.glob(os.path.join(folder, "TEST-*.xml"))):
        try:
            suite = ET.parse(path).getroot()
        except ET.ParseError as e:
            failed += 1
            print(f"unreadable report {os.path.basename(path)}: {e}", file=sys.stderr)
            continue
        cls = suite.get("name", os.path.basename(path))
        cases = suite.findall("testcase")
        if not cases:
            skipped += 1
            skips.append(f"{cls}#*: the class ran no test (aborted before its first test)")
            continue
        for case in cases:
            name = f"{case.get('classname', cls)}#{case.get('name', '?')}"
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
                node = case.find("skipped")
                text = (node.text or "").strip().splitlines()
                reason = node.get("message") or (text[0].split("Assumption failed: ")[-1] if text else "no reason given")
                skips.append(f"{name}: {reason}")
            else:
                passed += 1
    print(passed, failed, skipped)
    for s in skips:
        print("skip java " + " ".join(s.split()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/surefire-reports")
