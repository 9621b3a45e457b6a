"""Prompt lookup's units on CPU, without the model: the drafter, the scheduler's decisions (pure functions), the
speculative acceptance rule against the distribution plain sampling gives (a statistical test over many draws),
and the HTTP front's text stream when several tokens arrive per step."""
from __future__ import annotations

from pathlib import Path

import pytest


def test_drafter_proposes_what_followed_the_latest_longest_match() -> None:
    from serving.engine.lookup import NgramDrafter

    assert NgramDrafter([1, 2, 3, 4, 5, 9, 2, 3, 7, 8, 1, 2, 3]).propose(3) == [4, 5, 9]  # (1, 2, 3) before (2, 3)
    assert NgramDrafter([1, 2, 3, 4, 1, 2, 3, 5, 1, 2, 3]).propose(1) == [5]  # its latest occurrence
    tokens = [1, 2, 3, 4, 5, 1, 2, 3, 6, 2, 3]
    drafter = NgramDrafter(tokens, min_ngram=1, max_ngram=3)
    assert drafter.propose(2) == [6, 2]  # only the 2-gram (2, 3) matches; its latest occurrence is followed by 6
    tokens.append(6)  # the sequence grows: the index catches up with the new token
    assert drafter.propose(4) == [2, 3, 6]  # (2, 3, 6) seen once; its continuation runs into the present
    tokens.append(42)
    assert drafter.propose(4) == [] and drafter.propose(0) == []
    assert NgramDrafter([5, 6, 5, 6, 7], min_ngram=2, max_ngram=2).propose(2) == []  # (6, 7) never seen before
    assert NgramDrafter([5], 1, 3).propose(2) == []
    with pytest.raises(ValueError, match="n-gram"):
        NgramDrafter([], min_ngram=3, max_ngram=2)


def test_drafter_indexes_each_token_once() -> None:
    from serving.engine.lookup import NgramDrafter

    tokens = list(range(1000)) * 2
    drafter = NgramDrafter(tokens, min_ngram=1, max_ngram=3)
    assert drafter.propose(4) == [0, 1, 2, 3] and drafter.indexed == len(tokens)
    size = len(drafter.following)
    tokens.append(0)
    assert drafter.propose(4) == [1, 2, 3, 4]  # (998, 999, 0) seen at the turn: followed by 1, 2, 3, 4
    assert drafter.indexed == len(tokens) and len(drafter.following) <= size + 3


def test_scheduler_admits_within_slots_and_the_token_budget() -> None:
    from serving.engine.scheduler import Scheduler

    scheduler = Scheduler(slots=4, prefill_budget=100)
    assert scheduler.admit(0, []) == 0
    assert scheduler.admit(0, [10, 20, 30]) == 3
    assert scheduler.admit(2, [10, 20, 30]) == 2  # two slots free
    assert scheduler.admit(0, [60, 50, 10]) == 2  # the budget is reached with the second prompt
    assert scheduler.admit(0, [500]) == 1  # a prompt over the budget still goes, alone
    assert scheduler.admit(4, [10]) == 0
    assert Scheduler.kept(5, {1, 3}) == [0, 2, 4]


def test_scheduler_drafts_only_while_it_pays() -> None:
    from serving.engine.scheduler import LookupSettings, LookupState, Scheduler

    scheduler = Scheduler(slots=32, lookup=LookupSettings(k=4, max_batch=8, floor=0.5, smoothing=0.5, pause_steps=2))
    fresh, paused = LookupState(), LookupState(average=0.1, paused=2)
    assert scheduler.draft_budgets([fresh, paused]) == [4, 0] and scheduler.may_verify([fresh, paused])
    assert not scheduler.may_verify([paused, paused])  # nobody drafts: plain decode steps, queued ahead
    assert scheduler.draft_budgets([fresh] * 9) == [0] * 9 and not scheduler.may_verify([fresh] * 9)  # under load
    assert not Scheduler(4, LookupSettings(k=0)).may_verify([fresh]) and scheduler.width == 5

    good = scheduler.after_step(fresh, drafted=4, accepted=3)
    assert good == LookupState(average=2.0, paused=0)
    assert scheduler.after_step(good, drafted=0, accepted=0) == good  # no draft this step: nothing learnt
    poor = scheduler.after_step(scheduler.after_step(good, 4, 0), 4, 0)  # 2.0 → 1.0 → 0.5
    assert poor == LookupState(average=0.5, paused=0)
    pause = scheduler.after_step(poor, 4, 0)
    assert pause == LookupState(average=0.25, paused=2)
    assert scheduler.after_step(pause, 0, 0) == LookupState(average=0.25, paused=1)
    assert scheduler.after_step(LookupState(0.25, 1), 0, 0) == LookupState(average=0.5, paused=0)  # try again


def test_lookup_settings_refuse_bad_values() -> None:
    from serving.engine.scheduler import LookupSettings

    for bad in ({"k": -1}, {"k": 16}, {"min_ngram": 0}, {"min_ngram": 4, "max_ngram": 3}, {"smoothing": 0},
                {"max_batch": -1}):
        with pytest.raises(ValueError, match="lookup"):
            LookupSettings(**bad)


def processed(logits, temperature: float, top_p: float):
    """The distribution plain sampling targets, written out independently: top 50 by logit, softmax at the
    temperature, the smallest head of it reaching top_p, renormalised; a vector over the vocabulary."""
    import torch

    values, indices = logits.double().topk(50)
    probs = torch.softmax(values / temperature, -1)
    before = torch.cat([torch.zeros(1, dtype=probs.dtype), probs.cumsum(0)[:-1]])
    probs = probs * (before < top_p)
    return torch.zeros(logits.shape[-1], dtype=torch.float64).scatter(0, indices, probs / probs.sum())


def test_drafted_sampling_gives_the_distribution_of_plain_sampling() -> None:
    """40,000 verify steps of width 3 over fixed logits: the first token follows q0, and after an accepted first
    draft the second token follows q1, as plain sampling gives them. A rule that accepts drafts too easily (or
    keeps the rejected draft in the resample) moves the draft's share by ~0.1, against a tolerance of ~0.01."""
    import torch

    from serving.engine.sampling import accept_drafts, sample

    torch.manual_seed(0)
    vocab, draws, temperature, top_p = 64, 40_000, 0.8, 0.9
    logits = torch.randn(3, vocab)
    q0, q1 = processed(logits[0], temperature, top_p), processed(logits[1], temperature, top_p)
    d1, d2 = int((q0 - 0.25).abs().argmin()), int((q1 - 0.2).abs().argmin())  # likely, not certain
    assert 0.1 < q0[d1] < 0.5 and 0.1 < q1[d2] < 0.5
    batch_logits = logits.expand(draws, 3, vocab).contiguous()
    drafts = torch.tensor([[d1, d2]]).expand(draws, 2).contiguous()
    draft_len = torch.tensor([2, 0]).repeat(draws // 2)  # half the rows drafted nothing
    accepted, tokens = accept_drafts(batch_logits, drafts, draft_len, torch.full((draws,), temperature),
                                     torch.full((draws,), top_p))
    assert accepted.max() <= 2 and (accepted[1::2] == 0).all()

    def frequencies(values, count: int):
        return torch.bincount(values, minlength=vocab).double() / count

    def close(observed, expected, count: int) -> bool:
        tolerance = 5 * (expected * (1 - expected) / count).sqrt() + 1e-3
        return bool(((observed - expected).abs() <= tolerance).all())

    plain = sample(logits[0].expand(draws, vocab), torch.full((draws,), temperature), torch.full((draws,), top_p))
    assert close(frequencies(plain, draws), q0, draws)  # the target, reached by plain sampling
    drafted_rows = tokens[0::2]
    assert close(frequencies(drafted_rows[:, 0], draws // 2), q0, draws // 2)
    assert close(frequencies(tokens[1::2, 0], draws // 2), q0, draws // 2)  # no draft: a plain draw
    after_first = drafted_rows[accepted[0::2] >= 1, 1]
    assert len(after_first) > 0.1 * draws // 2 and close(frequencies(after_first, len(after_first)), q1,
                                                           len(after_first))


def test_greedy_verification_accepts_exactly_the_argmax_run() -> None:
    import torch

    from serving.engine.sampling import accept_drafts

    torch.manual_seed(1)
    logits = torch.randn(4, 4, 80)
    best = logits.argmax(-1)
    drafts = torch.stack([best[0, :3], torch.stack([best[1, 0], (best[1, 1] + 1) % 80, best[1, 2]]),
                          (best[2, :3] + 1) % 80, best[3, :3]])
    accepted, tokens = accept_drafts(logits, drafts, torch.tensor([3, 3, 1, 1]), torch.zeros(4), torch.ones(4))
    assert accepted.tolist() == [3, 1, 0, 1]  # the last row's padding agrees with the model but is no draft
    assert tokens[0].tolist() == best[0].tolist()  # all three drafts, then the model's own fourth token
    assert tokens[1, :2].tolist() == best[1, :2].tolist() and tokens[2, 0].item() == best[2, 0].item()


def byte_tokens(tokenizer, text: str) -> list[int]:
    """`text` as one byte-level token per UTF-8 byte (every Korean syllable spans three tokens)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    mapping, extra = {b: chr(b) for b in printable}, 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return tokenizer.convert_tokens_to_ids([mapping[b] for b in text.encode("utf-8")])


def test_text_stream_never_splits_a_character_when_steps_bring_several_tokens(tiny_base: Path) -> None:
    from transformers import AutoTokenizer

    from serving.engine_server import TextStream

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    text = "서울시가 내년부터 공공자전거 3천 대를 추가로 도입한다. 시민 반응은 뜨겁다!"
    in_bytes = byte_tokens(tokenizer, text)
    assert len(in_bytes) == len(text.encode("utf-8")) and tokenizer.decode(in_bytes) == text
    for ids in (in_bytes, tokenizer(text)["input_ids"]):
        for sizes in ((1,), (2, 3), (5, 1, 4), (7,)):  # tokens per engine step
            stream, pieces, start, step = TextStream(tokenizer), [], 0, 0
            while start < len(ids):
                size = sizes[step % len(sizes)]
                pieces.append(stream.add(ids[start:start + size]))
                start, step = start + size, step + 1
            assert "".join(pieces) == text, sizes
            assert not any("\ufffd" in piece for piece in pieces)
