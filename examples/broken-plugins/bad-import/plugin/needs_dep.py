import synapse_mcp_example_missing_dependency  # noqa: F401  (never installed, on purpose)


def run(params, ctx):
    return {}
