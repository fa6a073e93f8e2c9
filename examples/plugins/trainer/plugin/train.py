"""The `train` action: params model as the base's generic argument, result as a Pydantic model."""

import json
import os
import tempfile
import time
from typing import Dict

from pydantic import BaseModel, Field

from .base import BaseAction


class TrainParams(BaseModel):
    epochs: int = Field(3, ge=1, le=100, description="Number of epochs")
    lr: float = Field(0.01, gt=0, description="Learning rate")


class TrainResult(BaseModel):
    model_path: str
    metrics: Dict[str, float]


class TrainAction(BaseAction[TrainParams]):
    def execute(self) -> TrainResult:
        epochs = self.params.epochs
        loss = 1.0
        for epoch in range(1, epochs + 1):
            time.sleep(1.0 / epochs)  # about one second in all, whatever the epoch count
            loss = round(loss * (1 - min(0.9, self.params.lr * 10)), 6)
            self.set_progress(epoch, epochs, category="train", message="epoch %d/%d" % (epoch, epochs))
            self.set_metrics({"epoch": epoch, "loss": loss}, category="train")
            self.ctx.logger.info("epoch %d/%d loss=%s", epoch, epochs, loss)
        out_dir = tempfile.mkdtemp(prefix="trainer-")
        model_path = os.path.join(out_dir, "model.json")
        with open(model_path, "w") as fh:
            json.dump({"epochs": epochs, "lr": self.params.lr, "loss": loss}, fh)
        return TrainResult(model_path=model_path, metrics={"loss": loss})
