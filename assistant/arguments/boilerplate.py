"""What a news site prints around an article's body, read so that only the body is summarized: a [속보]/[단독] tag
before the body's first sentence, the headline over a byline, the dateline and byline ("(서울=코썸일보) 김민지 기자 ="),
a photo caption ("📷 …", "▲ … (사진=… 제공)"), the reporter's e-mail line, the copyright line ("ⓒ코썸일보 무단전재 및
재배포 금지"), rules ("---") setting the article apart from remarks, and the short lines under its last sentence of news
(a share bar "카카오톡 공유하기 | 링크 복사", "더보기", "shared via Naver", a signature, "이상입니다"). A headline over no
byline is the article's own title and stays whole, tag and all ("[단독] 지역 방송사 5곳, 공동 뉴스 플랫폼 만든다").
Conservative: only whole lines of these forms, or a tag or byline before the body's first words, or a copyright
notice after its last sentence, go; a sentence of the body never does ("김민지 기자는 …", "문의는 help@kosum.co.kr로
받는다.")."""
from __future__ import annotations

import re

TAG = re.compile(r"^\s*(?:[\[【〔<](?:속보|단독|종합|\d보|긴급|특보|기획|인터뷰|르포|해설|분석|포토|영상|breaking|exclusive)"
                 r"(?:\s*\d+보)?[\]】〕>]\s*)+", re.IGNORECASE)
NAME = r"[가-힣]{2,4}(?:\s*[,·]\s*[가-힣]{2,4})*\s*(?:선임|수석|객원|인턴)?\s*(?:기자|특파원)"  # "김민지·박준호 기자"
DATELINE = r"[(\[【]\s*[가-힣A-Za-z]{1,10}\s*=\s*[^()\[\]【】\n=]{1,20}[)\]】]"  # "(서울=코썸일보)", "【세종=연합뉴스】"
BYLINE = re.compile(rf"^\s*(?:{DATELINE}\s*(?:{NAME}(?:\s*[,·]\s*{NAME})*)?|{NAME}(?:\s*[,·]\s*{NAME})*)\s*=\s*"
                    rf"|^\s*\[[^\[\]\n=]{{1,20}}\s*=?\s*{NAME}\]\s*")  # "… 기자 =", "[코썸일보 김민지 기자]"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
EMAIL_LINE = re.compile(rf"^\s*(?:{NAME}\s*)?[<(]?{EMAIL}[>)]?\s*$")
COPYRIGHT = r"(?:[ⓒ©]|copyright|저작권자|무단\s*전재|재배포\s*금지|AI\s*학습\s*(?:및\s*)?활용\s*금지)"
COPYRIGHT_LINE = re.compile(rf"^(?=[^\n]*{COPYRIGHT})[^\n]{{0,80}}$", re.IGNORECASE)
CAPTION_LINE = re.compile(r"^\s*(?:📷|📸|🖼\ufe0f?|▲|△|\[(?:사진|포토|그래픽)\]|<(?:사진|포토)>|\((?:사진|포토)\)|사진\s*[:=])"
                          r"|[(/]\s*(?:사진|그래픽|자료)\s*=\s*[^)\n]{1,30}\)?\s*$")  # "▲ …", "… /사진=… 제공"
TRAILING_COPYRIGHT = re.compile(rf"(?<=[.!?\"”'])[ \t]+<?[^\n.!?]{{0,20}}{COPYRIGHT}[^\n.!?]{{0,40}}>?[ \t]*$",
                                re.IGNORECASE | re.MULTILINE)  # "… 분석했다. ⓒ코썸일보 무단전재 및 재배포 금지"
RULE = re.compile(r"^\s*(?:[-=*_~]\s*){3,}$")
SENTENCE_END = re.compile(r"[.!?。][\"”'’」』)]*\s*$")  # a line ending as a written sentence does: body, not headline
# (a title may end in -다 with no full stop: "… 공동 뉴스 플랫폼 만든다")
BODY = re.compile(r"(?<!니)다(?:[.!?\"”']|\s*$)", re.MULTILINE)  # a Korean sentence of news ends; a formal one
# ("이상입니다", "요약 부탁드립니다") is said to someone
ENGLISH_END = re.compile(r"^[^\uac00-\ud7a3]*[a-z0-9,)\"”'’]\s*[.!?][\"”'’]?\s*$", re.IGNORECASE)  # "… she said."
TRAILER_CHARS = 80  # at most, in all, of the short lines under the last sentence of news


def news_body(text: str) -> str:
    """`text` without the parts of a published news page around its body (see the module's docstring)."""
    lines = [line for line in _between_rules(text.split("\n")) if not (EMAIL_LINE.match(line) or (
        CAPTION_LINE.search(line) or COPYRIGHT_LINE.match(line.strip())) and not BODY.search(line))]
    kept: list[str] = []
    for at, line in enumerate(lines):
        if not any(part.strip() for part in kept) and TAG.match(line) and not (
                _headline(TAG.sub("", line)) and any(rest.strip() for rest in lines[at + 1:])):
            line = TAG.sub("", line)  # "[속보] 원·달러 환율이 …했다.": the tag before the first sentence; a tagged
            # title stays whole, and goes only with the byline under it
        byline = BYLINE.match(line)
        if byline:
            titles = [part for part in kept if part.strip()]
            if len(titles) == 1 and _headline(titles[0]):
                kept = []  # the headline over the byline
            line = line[byline.end():]
            if not line.strip():
                continue
        kept.append(line)
    return TRAILING_COPYRIGHT.sub("", "\n".join(kept)).strip()


def without_trailer(text: str) -> str:
    """An article's text up to its last line that ends a sentence of news, when the lines under it are short and end
    none ("더보기", "카카오톡 공유하기 | 링크 복사", "박서연 | 홍보팀 | 02-555-0134", "---\n이상입니다"): the page's buttons or
    the sender's sign-off, not the article. A line of the body never goes: what ends as news stays, and so does a long
    tail. Only for a text already read as an article: a short request under a note is no trailer."""
    lines = text.split("\n")
    ends = [at for at, line in enumerate(lines) if BODY.search(line) or ENGLISH_END.match(line)]
    if not ends or sum(len(line.strip()) for line in lines[ends[-1] + 1:]) > TRAILER_CHARS:
        return text
    return "\n".join(lines[:ends[-1] + 1])


def _headline(line: str) -> bool:
    """A short line that does not end as a sentence does: a title."""
    return 0 < len(line.strip()) <= 80 and not SENTENCE_END.search(line)


def _between_rules(lines: list[str]) -> list[str]:
    """The lines between rules ("요약 ㄱ. …\n---\n<article>\n---\n급해 ㅠ"), when what lies outside them is only short
    remarks with no sentence of news in them; else every line."""
    rules = [i for i, line in enumerate(lines) if RULE.match(line)]
    if not rules:
        return lines
    parts, start = [], 0
    for i in [*rules, len(lines)]:
        parts.append(lines[start:i])
        start = i + 1
    news = [part for part in parts if any(BODY.search(line) for line in part)]
    if len(news) != 1:
        return lines
    outside = [line for part in parts if part is not news[0] for line in part]
    return news[0] if sum(len(line) for line in outside) <= 80 else lines
