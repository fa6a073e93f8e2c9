"""The `echo` action. It prints to stdout on purpose, once at import and once mid-line, so tests can
check that a chatty plugin never corrupts the runner's event stream."""

print("hello plugin: echo module loaded")


def echo(params, ctx):
    print("echo says:", params, end="")  # no newline: the next event must still start on its own line
    return params
