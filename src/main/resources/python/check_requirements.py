# Checks requirement strings with the `packaging` library (pip's own parser).
# stdin: a JSON array of strings; stdout: JSON null when all are PEP 508 requirements without a
# direct URL, else {"index": i, "reason": "..."} for the first bad one.
import json
import sys

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:
    print(json.dumps({"index": -1, "reason": "no 'packaging' library"}))
    sys.exit(0)

for i, text in enumerate(json.load(sys.stdin)):
    try:
        req = Requirement(text)
    except InvalidRequirement as e:
        print(json.dumps({"index": i, "reason": str(e).splitlines()[0][:160]}))
        sys.exit(0)
    if req.url:
        print(json.dumps({"index": i, "reason": "direct URL references (name @ url) are not allowed"}))
        sys.exit(0)
print("null")
