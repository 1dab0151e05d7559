"""Reading one content file into its model: a YAML or validation problem becomes one line per
field, naming the file, so `stretchbot content check` can list them all."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

# libyaml's loader when present: content is read at every start.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ModelT = TypeVar("ModelT", bound=BaseModel)


def read_model(path: Path, model: type[ModelT], problems: list[str]) -> ModelT | None:
    """The file as `model`, or None with its problems appended."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
        return model.model_validate(raw)
    except yaml.YAMLError as error:
        problems.append(f"{path}: not valid YAML: {error}")
    except ValidationError as error:
        for detail in error.errors():
            field = ".".join(str(part) for part in detail["loc"]) or "(file)"
            problems.append(f"{path}: {field}: {detail['msg']}")
    return None
