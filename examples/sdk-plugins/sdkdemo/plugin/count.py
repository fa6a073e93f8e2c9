"""Counts to `dataset`, using what the SDK gives an action: its logger at every level, structured events,
progress and metrics."""

from pydantic import BaseModel, Field

from synapse_sdk.plugins.action import BaseAction
from synapse_sdk.plugins.models.logger import LogLevel


class CountParams(BaseModel):
    dataset: int = Field(ge=1, le=1000)
    label: str = "items"


class CountAction(BaseAction[CountParams]):
    action_name = "count"

    def execute(self) -> dict:
        n = self.params.dataset
        self.logger.debug("debug: starting")
        self.logger.info("info: counting %d %s" % (n, self.params.label))
        self.logger.warning("warning: this is only a demo")
        self.logger.error("error: not really an error")
        self.logger.log(LogLevel.INFO, "counted", {"n": n})
        self.log("event_logged", {"label": self.params.label})
        for i in range(1, n + 1):
            self.set_progress(i, n, step="count")
        self.set_metrics({"total": n}, step="count")
        return {"counted": n, "label": self.params.label}
