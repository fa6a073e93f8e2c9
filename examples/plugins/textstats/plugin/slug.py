"""The `slug` action. Imports its dependency at module level, so a missing virtualenv shows up as an
import error of this action."""

from slugify import slugify


def slug(params, ctx):
    return {"slug": slugify(params["text"], separator=params.get("separator", "-"))}
