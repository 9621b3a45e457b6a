"""Ids picked by what their line says: "- kosum-ep-1b2c (모아포털 테스트용): 승인 완료\n- kosum-ep-5e6f …: 반려\n승인 난 것만
삭제해 주세요" plans the lines that say 승인; "그중에 오래된 것들만 정리해 주세요" or "예전에 만든 것들은 삭제하기 바람", where
no line says which are old, is unclear and asked, never all."""
from __future__ import annotations

import re

from assistant.arguments.ids import named_ids

PICKED = re.compile(r"(?P<word>[가-힣A-Za-z]{1,8}?)\s*(?:이|가)?\s*(?:난|된|인|한|중인|됐던|되었던)\s*(?:것|거|건|애)(?:들)?\s*만|"
                    r"\bonly\s+(?:the\s+)?(?P<en>[a-z]{3,12})\s+ones\b|"  # "승인 난 것만", "only the approved ones";
                    r"(?P<age>오래된|예전에?\s*만든|옛날|최신|최근|새로\s*만든)\s*(?:것|거|건|걸)|(?P<kind_age>예전|옛날|오래된)\s*"
                    r"(?:엔드포인트|endpoint|잡|학습\s*잡|리소스)|"  # "예전에 만든 것들은 삭제 …,
                    r"\b(?P<age_en>old(?:er)?|new(?:er|est)?|latest|stale)\s+ones\b", re.IGNORECASE)  # 최신 것은 유지": by age


UNNAMED_ONE = re.compile(r"(?:안\s*쓰는|필요\s*없는|노는|남는)\s*(?:거|것|걸|놈)\s*(?:하나|한\s*개)(?!\s*도)|(?:하나|한\s*개)\s*(?:만)?\s*"
                         r"(?:골라서|알아서)|\b(?:one|any)\s+of\s+(?:them|those|these)\b|\ban?\s+(?:unused|idle)\s+one\b",
                         re.IGNORECASE)  # "안 쓰는 거 하나 알아서 내려 주세요": one, named by no id


def picked_ids(text: str) -> tuple[list[str] | None, bool]:
    """(the ids whose lines carry the word a "…된 것만" names; unclear): (None, False) when the message picks none
    this way, (None, True) when it picks by a word no line of an id says, by age with no id named ("예전 엔드포인트들
    … 알아서 오래된 걸로요") or one no id names ("안 쓰는 거 하나 알아서"): some, not all, and which is asked."""
    named = named_ids(text)
    picked = next((m for m in PICKED.finditer(text) if not any(  # "최신 거 train-… 는 keep": that one is named
        0 <= n.start() - m.end() <= 3 for n in named)), None)
    if UNNAMED_ONE.search(text) or (not named and picked is not None and (
            picked["age"] or picked["kind_age"] or picked["age_en"])):
        return None, True
    if picked is None or len(named) < 2 or picked["kind_age"]:
        return None, False
    word = (picked["word"] or picked["en"] or picked["age"] or picked["age_en"]).lower()
    lines = {m.group(): text[text.rfind("\n", 0, m.start()) + 1:_line_end(text, m.end())].lower() for m in named}
    chosen = [i for i, line in lines.items() if word in line.replace(i.lower(), " ")]
    return (chosen, False) if chosen and len(chosen) < len(lines) else (None, True)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end
