"""The `sleep` action: long enough to cancel or time out, with a progress event every second."""

import math
import time


def sleep(params, ctx):
    seconds = float(params.get("seconds", 30))
    steps = max(1, int(math.ceil(seconds)))
    started = time.monotonic()
    for step in range(1, steps + 1):
        time.sleep(max(0.0, min(step, seconds) - (time.monotonic() - started)))
        ctx.set_progress(step, steps, category="sleep", message="%d/%d s" % (step, steps))
    return {"slept": seconds}
