"""The body of a help-desk ticket or an e-mail. A ticket's header fields ("[요청] 제목: …", "접수번호: MM-3391 | SLA:
24시간", "Subject: …", "Priority: P2 / …"), the greeting ("Hi team,", "담당자님 안녕하세요.") and the sign-off with its
signature block ("Thanks,\nDaniel Ortiz\nHead of Analytics, …", "정하은 드림 | 데이터전략팀 | 02-3481-2290") say who writes
and how the ticket is filed, never what is asked: a subject names the topic (a request's or a question's alike), and a
priority, a ticket number, a phone number or an SLA read as instance types, counts or step numbers. Only whole lines at
the top (header fields, then a greeting) and a trailing block that begins with a sign-off, a signed name (드림, 올림) or
a contact line go; a message with none of these, or nothing else, is returned as it is."""
from __future__ import annotations

import re

from assistant import courtesy
from assistant.arguments.boilerplate import EMAIL
from assistant.korean import morphemes

HEADER_KEYS = (r"제목|건명|티켓(?:\s*번호)?|접수\s*번호|문의\s*번호|요청\s*번호|우선\s*순위|중요도|긴급도|회신\s*기한|처리\s*기한|"
               r"요청\s*일(?:시|자)?|접수\s*일(?:시|자)?|보낸\s*사람|받는\s*사람|발신(?:인|자)?|수신(?:인|자)?|참조|요청자|고객사|"
               r"subject|re|fwd?|from|to|cc|bcc|date|sent|ticket(?:\s*(?:no\.?|number|id))?|priority|severity|sla|"
               r"category|ref|case(?:\s*(?:no\.?|number|id))?")
TAGS = r"(?:[\[【][^\]】\n]{1,12}[\]】][ \t]*)*"  # "[요청]", "[문의]", "[긴급]" before a header field
HEADER = re.compile(rf"^[ \t]*{TAGS}(?:{HEADER_KEYS})[ \t]*(?:#[ \t]*)?[:：].*$|^[ \t]*{TAGS}(?:티켓|ticket)[ \t]*#\s*\w+[ \t]*$",
                    re.IGNORECASE)
GREETING = re.compile(  # a line or first sentence that only greets ("Hi there,", "안녕하십니까, … 김도윤입니다.")
    r"^[ \t]*(?:(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))\b[^\n.!?]{0,40}[,!.:]?[ \t]*$|"
    r"(?:[가-힣]{1,6}님[, \t]*)?안녕하(?:세요|십니까)[.!,~ \t]*(?:[가-힣 ]{1,12}(?:님|여러분)[,.!]?[ \t]*(?=\n)|"
    r"[가-힣A-Za-z ]{1,15},[ \t]*(?=\n)|"
    r"[^\n.!?]{0,30}입니다[.!]?[ \t]*)?)",  # "안녕하세요 팀장님,", "안녕하세요 운영팀 여러분,", "안녕하세요 운영팀,"
    re.IGNORECASE | re.MULTILINE)
SIGN_OFF = re.compile(rf"^[ \t]*(?:(?:{courtesy.CLOSINGS_EN}|{courtesy.THANKS_EN})|(?:{courtesy.THANKS_KO}))[ \t]*[,.!]*[ \t]*$",
                      re.IGNORECASE)
SIGNED = re.compile(r"^[ \t]*[-–—]?[ \t]*[가-힣]{2,4}(?:[ \t]*[가-힣]{1,6}님)?[ \t]*(?:드림|올림|배상)(?![가-힣])")  # "정하은 드림 | …"
CONTACT = re.compile(rf"(?<![\w-])\+?\d{{1,4}}(?:[ .-]\d{{1,4}}){{2,4}}(?![\w-])|내선\s*\d+|\bext\.?\s*\d+|{EMAIL}",
                     re.IGNORECASE)
SAYS = re.compile(r"[?？]|(?:요|다|니다|세요|주세요)[.!~]*[ \t]*$")  # a line that says something: no signature line
SIGNATURE_LINE_MAX = 60  # a name, a title, a team, a company, a phone number


CONTEXT_KEYS = (r"상태|현재\s*상태|사유|배경|목적|기한|마감|예산(?:\s*한도)?|한도|승인(?:자|\s*여부)?|요청자|고객사|매체|"
                r"프로젝트(?:\s*코드)?|status|reason|background|purpose|deadline|due|budget(?:[\s_-]*\w+)?|cap|approved[\s_-]*by|"
                r"approver|requested[\s_-]*by|requester|client|customer|project(?:[\s_-]*code)?")
CONTEXT_FIELD = re.compile(rf"^[ \t]*(?:[-*•][ \t]+)?(?:{CONTEXT_KEYS})[ \t]*[:：][^\n]*$", re.IGNORECASE | re.MULTILINE)
FIELD = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?[^\s:：][^:：\n]{0,24}[:：]", re.MULTILINE)


def without_context_fields(text: str) -> str:
    """A form's fields that only file it ("상태: 12/7 밤 정전으로 실패 (3400/5000 스텝에서 멈춤)", "예산 한도: $400",
    "approved_by: m.choi") blanked, in a message of three fields or more: their states, numbers and names are no
    request nor its arguments; one that forbids something stays."""
    if len(FIELD.findall(text)) < 3:
        return text
    return CONTEXT_FIELD.sub(lambda field: field.group() if FORBIDS.search(field.group()) else "", text)


FORBIDS = re.compile(r"말\s*것|하지\s*마|금지|보류|않|\b(?:don'?t|do not|not now|hold|on hold)\b", re.IGNORECASE)  # "상태: 예약
# 등록만, 지금 실행하지 말 것": a field that forbids stays


def body(text: str) -> str:
    """`text` without its ticket header fields, its greeting and its sign-off and signature block; unchanged when it
    has none of these or when nothing would be left."""
    text = without_context_fields(text)
    lines = text.split("\n")
    top = 0
    while top < len(lines) and (not lines[top].strip() or HEADER.match(lines[top])):
        top += 1
    headed = any(HEADER.match(line) for line in lines[:top])
    quoted = _quoted_start(lines)  # the earlier mail quoted under the signature stays, as history
    end = _signature_start(lines[:quoted], top)
    history = "\n".join("> " + line if line.strip() and not line.lstrip().startswith(">") else line
                        for line in lines[quoted:]).strip()
    if not headed and end == len(lines):
        return _without_greeting(text) if _greets_alone(lines) else text
    kept = "\n".join(lines[top:end]).strip()
    kept = _without_greeting(kept) if headed or end < quoted or _greets_alone(lines) else kept
    return (kept + ("\n\n" + history if history else "")) if re.search(r"\w", kept) else text


OPENERS = (r"-{2,}\s*(?:original message|forwarded message|원본 메시지|전달된 메시지)\s*-{2,}|on .{4,80} wrote:|"
           r".{4,80}님이 작성:")  # what follows is the earlier mail
QUOTE_OPENER = re.compile(rf"^[ \t]*(?:{OPENERS})[ \t]*$", re.IGNORECASE)
QUOTE_HEADER = re.compile(rf"^[ \t]*(?:{OPENERS}|(?:from|sent|to|subject|보낸 사람|받는 사람|제목|날짜)\s*:.*)[ \t]*$",
                          re.IGNORECASE)  # … or one of its header fields


def _quoted_start(lines: list[str]) -> int:
    """The index where the trailing quoted mail starts ("-----Original Message-----", "On … wrote:", "> …" lines);
    len(lines) when none does."""
    opener = next((i for i, line in enumerate(lines) if QUOTE_OPENER.match(line)), None)
    if opener is not None:
        return opener
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line or line.startswith(">") or QUOTE_HEADER.match(line):
            start = index if line else start
            continue
        break
    return start if any(line.strip().startswith(">") for line in lines[start:]) else len(lines)


def _greets_alone(lines: list[str]) -> bool:
    """Whether the first line is only a greeting with the message below it ("Hi team,\n\nCould you …")."""
    first = next((line for line in lines if line.strip()), "")
    return len(lines) > 1 and bool(GREETING.match(first)) and GREETING.match(first).end() == len(first.rstrip())


def _without_greeting(text: str) -> str:
    """`text` without a greeting at its start ("Hi there,\n\n", "담당자님 안녕하세요. "), when words follow."""
    found = GREETING.match(text)
    rest = text[found.end():].lstrip() if found else text
    return rest if re.search(r"\w", rest) else text


def _signature_start(lines: list[str], top: int) -> int:
    """The index of the line where the trailing signature block starts (a sign-off, a signed name or a contact line,
    then only short lines that say nothing); len(lines) when there is none."""
    start = len(lines)
    for index in range(len(lines) - 1, top, -1):
        line = lines[index].strip()
        if not line:
            continue
        if len(line) > SIGNATURE_LINE_MAX or SAYS.search(line) and not SIGN_OFF.match(line):
            break
        if SIGN_OFF.match(line) or SIGNED.match(line) or CONTACT.search(line):
            start = index
        elif not _label(line):
            break
    return start


def _label(line: str) -> bool:
    """A signature's name, title, team or company line: a few capitalized words ("Head of Analytics, Brightwire
    Monitoring") or a few Korean words that end in no verb ("AI플랫폼팀"); "stop the job" after "thanks" is no label."""
    words = line.split()
    if len(words) > 6 or re.search(r"[.!?~]$", line):
        return False
    if re.search(r"[가-힣]", line):
        return len(words) <= 4 and not any(m.tag.startswith(("V", "E", "XSV", "XSA")) for m in morphemes(line))
    return all(re.match(r"[A-Z0-9&|/(+-]", word) or word.lower() in LINKING for word in words)


LINKING = {"of", "and", "for", "at", "the", "de", "du", "von"}  # "Head of Analytics", "VP for Data"
