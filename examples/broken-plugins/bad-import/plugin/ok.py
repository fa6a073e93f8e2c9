def ok(params, ctx):
    return {"ok": True}
