"""A minimal BaseAction in the shape of synapse_sdk's, so the plugin runs without the SDK installed."""

from typing import Any, Generic, Optional, TypeVar

P = TypeVar("P")


class BaseAction(Generic[P]):
    """Subclass as `MyAction(BaseAction[MyParams])`; the runner validates params into MyParams."""

    def __init__(self, params: P, ctx: Any):
        self.params = params
        self.ctx = ctx

    def execute(self) -> Any:
        raise NotImplementedError

    def set_progress(
        self, current: int, total: int, category: Optional[str] = None, message: Optional[str] = None
    ) -> None:
        self.ctx.set_progress(current, total, category, message)

    def set_metrics(self, value: dict, category: str) -> None:
        self.ctx.set_metrics(value, category)
