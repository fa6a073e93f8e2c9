"""The `add` action: a plain function taking (params, ctx), params checked by the manifest's schema."""


def add(params, ctx):
    a, b = params["a"], params["b"]
    total = a + b
    ctx.log("adding", a=a, b=b)
    return {"sum": total, "expression": "%s + %s = %s" % (_fmt(a), _fmt(b), _fmt(total))}


def _fmt(number):
    # 2.0 reads as 2 in the expression, as a person would write it.
    return int(number) if isinstance(number, float) and number.is_integer() else number
