"""What the user pasted or quoted rather than wrote: an error or log line ("ResourceLimitExceeded: …", "CUDA out of
memory"), lines quoted from an earlier reply ("> …"), a listing under a line that says what it shows, a quote said to
be what was said ("‘…’ 라고 했잖아"). Each is blanked (same length, same offsets) before the request is read: it tells
what went wrong or what exists, not what the user asks for."""
from __future__ import annotations

import re

from assistant.arguments.names import JOB_ID

PASTED = re.compile(  # an error or log line pasted into the message: what the system said, not what the user asks
    r"(?<![A-Za-z])(?:An error occurred|Traceback \(most recent call last\)|CUDA out of memory|ERROR|FATAL|Error:|"
    r"[A-Z][A-Za-z]*(?:Error|Exception|Exceeded|Denied|Fault|NotFound|Failure))(?![a-z])"
    r"(?:'[^'\n]*'|\"[^\"\n]*\"|[^\uac00-\ud7a3\n'\".;!?]|[.!?;](?!\s|$))*")


TRAILING_JOB = re.compile(r"(?<=\s)" + JOB_ID.pattern + r"[\s,]*$")  # a job id last on a pasted line, before Korean


def without_pasted(text: str) -> str:
    """`text` with pasted error or log lines blanked (same length, same offsets): "ResourceLimitExceeded: The
    account-level service limit 'ml.g5.24xlarge for training job usage' is 0 Instances 떴는데 …", "CUDA out of memory로
    죽었는데 …". A line like that runs to the Korean that comments on it, the line's end or its sentence's end; the
    instance types and numbers in it are what went wrong, never the request's arguments. A line pasted as inline code
    ("`torch.cuda.OutOfMemoryError: CUDA out of memory` train-… 체크포인트부터") ends at its closing backtick."""
    for match in PASTED.finditer(text):
        start, end = match.span()
        opened = text.rfind("`", 0, start)
        if opened >= 0 and "\n" not in text[opened:start] and text.count("`", 0, start) % 2 and "`" in text[start:end]:
            end = text.index("`", start, end)
        last = TRAILING_JOB.search(text, start, end)  # "… CUDA out of memory train-…-77aa 체크포인트부터": the job asked about
        end = last.start() if last else end
        text = text[:start] + " " * (end - start) + text[end:]
    return text


QUOTED_LINE = re.compile(r"^[ \t]*(?:>|&gt;)[^\n]*$", re.MULTILINE)  # "> 실행 중인 리소스: …": a quoted earlier reply
LISTING = re.compile(  # "아까 네가 보여준 목록:\n- endpoint A\n- …", "list showed this:\n  endpoint  A  InService": what exists
    r"(?<=[:：])[ \t]*\n(?:[ \t]*(?:[-*•·]|\d+[.)]|[ \t]{2,})[^\n]*(?:\n|$))+")
LISTED = re.compile(r"(?:목록|리스트|리소스|남은|보여|나온|결과|출력|\blist|\bshow|\boutput|\bresult|\bleft|\bremaining)[^\n]{0,30}[:：]"
                    r"[ \t]*$", re.IGNORECASE)
REPORTED_SPEECH = re.compile(  # "네가 ‘남은 리소스: A, B’ 라고 했잖아": what was said before, quoted
    r"(?:‘[^’\n]*’|“[^”\n]*”|'[^'\n]*'|\"[^\"\n]*\")(?=\s*(?:이)?라(?:고|며|는|던)|\s*(?:you|it)\s+(?:said|wrote|showed))",
    re.IGNORECASE)


def without_quoted(text: str) -> str:
    """`text` with the lines quoted from an earlier reply or a command's output ("> Training finished. …"), a list under
    a line that says what it shows ("아까 네가 보여준 목록:\n- …") and a quote said to be what was said ("‘…’ 라고 했잖아")
    blanked (same length, same offsets), when the user wrote something besides: the quote is what was said before, the
    user's own lines are the request (the names they pick from the quote are still read from the whole message)."""
    blanked = QUOTED_LINE.sub(lambda m: " " * len(m.group()), text)
    blanked = REPORTED_SPEECH.sub(lambda m: " " * len(m.group()), blanked)
    for match in reversed(list(LISTING.finditer(blanked))):
        if LISTED.search(blanked[:match.start()].rsplit("\n", 1)[-1]):  # a list under a line that says it shows
            blanked = blanked[:match.start()] + re.sub(r"[^\n]", " ", match.group()) + blanked[match.end():]
    return blanked if re.search(r"\w", blanked) else text
