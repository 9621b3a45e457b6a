"""What a clean-up removes, read for sure from the message: the ids (named, singled out, picked from a quoted
listing or a pasted list, picked by what their lines say, or given by a form's fields: assistant/arguments/fields.py)
and the S3 scope. Anything unclear is asked, never guessed: which resources, or whether S3 goes too."""
from __future__ import annotations

from typing import Any

from assistant import arguments
from assistant.messages import say

Route = tuple[str | None, dict[str, Any], str | None]


def plan(text: str, korean: bool, document: str = "") -> Route:
    """The teardown call for a message that asks to remove something (`document`: the message with its code blocks
    and tables, where `text` has them taken out), or the question to ask instead."""
    from assistant.clauses import request, without_reports
    from assistant.pasted import without_quoted

    if not arguments.asks_to_remove(request(text)):  # "지우기 전에 리소스부터 봐봐": the removal is not asked for
        return None, {}, say("unsure", korean)
    form = arguments.teardown_fields(document or text)
    if form is not None:  # "대상: A\n제외 대상: B\nS3: 유지", "delete:\n  - A\nkeep:\n  - B": each field says what for
        s3 = form.s3 if form.s3 is not None else arguments.include_s3(without_quoted(text))
        return ("teardown", {"ids": form.delete, "include_s3": s3}, None) if s3 is not None else (
            None, {}, say("which_s3", korean))
    quoted, text = text, without_quoted(text)  # a quoted list of resources is what exists, not what is to go
    ids, unclear = arguments.resource_ids(text)
    picked, unsure = arguments.picked_ids(text)  # "승인 난 것만 삭제해 주세요": the lines that say 승인
    if picked or unsure:
        ids, unclear = picked, unclear or unsure
    if ids is None and (named := arguments.resource_ids(quoted)[0]):  # "> 엔드포인트 kosum-ep-…, 버킷 …\n엔드포인트만
        ids = picked = arguments.by_kind(quoted, text) or arguments.pointed(named, text)  # 지워": of that kind; "이거"
        if picked is None:  # … else which ids is asked, never all
            return None, {}, say("which_resources", korean)
    listed = arguments.resource_ids(document)[0] if ids is None and document else None
    if listed:  # "```…kosum-ep-3b9a…kosum-ep-d410…```\n둘 다 삭제해줘": the pasted list's ids, never everything
        refers = arguments.refers_to_listed(text, len(listed))
        if refers is None:
            return None, {}, say("which_resources", korean)
        ids = picked = listed if refers else None
    if unclear or (not picked and arguments.keeps_resources(without_reports(text), named=bool(ids))):  # not "어제
        return None, {}, say("which_resources", korean)  # 엔드포인트를 안 내려서 …"
    if ids and len(ids) > 1 and not picked and arguments.points_at_one(request(text)):  # "지금 A, B, C 세 개 떠
        return None, {}, say("which_resources", korean)  # 있는데... 그거 지워 주세요": which one is asked
    s3 = arguments.include_s3(text)
    if s3 is None:
        return None, {}, say("which_s3", korean)
    return "teardown", {"ids": ids, "include_s3": s3}, None
