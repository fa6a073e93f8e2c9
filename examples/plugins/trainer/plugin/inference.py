"""The `inference` action: params model named by a `params_model` attribute instead of a generic."""

from typing import List

from pydantic import BaseModel, Field


class InferenceParams(BaseModel):
    inputs: List[float] = Field(..., description="Values to predict for")


class InferenceAction:
    params_model = InferenceParams

    def __init__(self, params: InferenceParams, ctx):
        self.params = params
        self.ctx = ctx

    def execute(self):
        return {"predictions": [2 * x + 1 for x in self.params.inputs]}
