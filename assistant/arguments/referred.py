"""Where a step goes when the request points back at one the message told of ("The full-scale run in Table 3 was
trained on SageMaker (…). Please kick off that training job on the default instance"): the request names no place,
its "that training job" is the one told, and so is that one's place, unless it was told only to rule it out
("SageMaker was too slow last time. Start that run again")."""
from __future__ import annotations

import re

from assistant.arguments.ruled_out import ruled_out
from assistant.arguments.values import CLOUD, INSTANCE, LOCAL, place

POINTS_BACK = re.compile(r"\b(?:that|the same)\s+(?:[\w-]+\s+)?(?:job|run|training|deployment|setup)\b|"
                         r"(?<![가-힣])(?:그|같은|동일한)\s*(?:학습|훈련|잡|작업|런|배포|설정)", re.IGNORECASE)


def place_pointed_at(request: str, told: str) -> str | None:
    """The place of the step `request` points back at, read in `told` (the message whose sentences tell of it); None
    when the request points at none, or the place told is ruled out there."""
    if not POINTS_BACK.search(request):
        return None
    where = place(told)
    if where == "cloud" and any(ruled_out(told, *m.span(), (LOCAL,)) for p in (CLOUD, INSTANCE) for m in p.finditer(told)):
        return None
    return where
