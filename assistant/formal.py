"""Formal requests (하십시오체, 합니다체, written orders and "해 주시겠어요?") in the 해요체 the brain reads: "시작하십시오",
"중지하시기 바랍니다", "알려 주시면 감사하겠습니다", "삭제 요망", "정리할 것", "시작하도록 하세요", "정리해 주시겠어요?" ask as "시작하세요" and "삭제해 주세요"
do. A professor's or a notice's register is a request, not a formal report (-습니다) or a news story, so the reading is
the same whatever the register. The one reader of these endings: the romanized-Korean reading (assistant/korean.py) and
the request reading (assistant/clauses.py) both use `plain_requests`."""
from __future__ import annotations

import re

NOUN_ASKED = r"(?:바랍니다|바랍니다만|바라요|바람|요망(?:합니다|함|됩니다)?)"  # "진행 바랍니다", "삭제 요망"
END = r"(?=\s*[.,!~]|\s*$|\s+(?:단|그리고|또|and)\b)"
PLAIN = tuple((re.compile(pattern, re.MULTILINE), meaning) for pattern, meaning in (
    (r"(?<=[가-힣])도록\s*(?:하세요|하십시오|하십시요|해\s*주세요|해\s*주십시오|하시기\s*바랍니다|할\s*것)", "세요"),
    (r"(?<=[가-힣])(?:으)?시기\s*바랍니다|(?<=[가-힣])기\s*바랍니다", "세요"),  # "중지하시기 바랍니다": 중지하세요
    (r"(?<=[가-힣])으십시[오요]", "으세요"), (r"(?<=[가-힣])십시[오요]", "세요"),  # "받으십시오", "시작하십시오"
    (r"(?<=[가-힣])하시오", "하세요"),  # "정리하시오"
    (r"주시겠(?:어요|습니까)\s*\?(?=\s*\S)", "주세요."),  # "배포해 주시겠어요? 상무님은 …": the sentence still ends
    (r"주시겠(?:어요|습니까)\s*\??|주시길\s*바랍니다", "주세요"),
    (r"주시면\s*(?:감사하겠습니다|감사드리겠습니다|고맙겠습니다|좋겠습니다|됩니다)" + END, "주세요"),  # "알려 주시면 감사하겠습니다":
    # a letter's request, not a condition ("-면") on what would follow  # "정리해 주시겠어요?", "계산해 주시길 바랍니다"
    (r"(?<=[가-힣])\s*하여\s*주세요", "해 주세요"),
    (r"(?<=[가-힣])할\s*것" + END, "해 주세요"),  # "리소스를 정리할 것." (not "할 것 같아요", "할 것이다")
    (r"(?<=[가-힣A-Za-z0-9])\s+" + NOUN_ASKED + END, "해 주세요"),  # "진행 바랍니다", "삭제 요망", "teardown 바람."
    (r"(?<=[가-힣]) ?해\s*" + NOUN_ASKED + END, "해 주세요")))  # "정리해 바랍니다" as typed
FORMAL_REQUEST = re.compile(r"[가-힣](?:으)?십시[오요]|기\s*바랍니다|(?<=[가-힣])\s*요망|(?<=[가-힣])할\s*것" + END
                            + r"|도록\s*(?:하세요|하십시오)")  # a sentence that asks, in any formal register


def plain_requests(text: str) -> str:
    """`text` with its formal request endings read as 해요체 requests; everything else is left as it is."""
    for pattern, meaning in PLAIN:
        text = pattern.sub(meaning, text)
    return text
