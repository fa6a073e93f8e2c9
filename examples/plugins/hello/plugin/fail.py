"""The `fail` action: raises, so hosts can test how an action error is reported."""


def fail(params, ctx):
    ctx.log("about to fail")
    raise ValueError("boom")
