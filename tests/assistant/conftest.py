"""Fixtures of the chat faces' tests: things in the offline AWS for a clean-up to remove, one agent turn, and one
offline router for a test module's routing cases."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from assistant.router import OfflineRouter


@pytest.fixture(scope="module")
def router() -> OfflineRouter:
    """One offline router per module: its classifier and Kiwi load once for all of the module's cases."""
    from assistant.router import OfflineRouter

    return OfflineRouter()


@pytest.fixture
def stored_run(aws) -> str:
    """Something for a clean-up to remove (a KoSum secret) and S3 artifacts of a run, in the offline AWS; returns
    the run's S3 prefix."""
    import boto3

    from tools import aws as kosum_aws

    boto3.client("secretsmanager").create_secret(Name="kosum-hf-token-train-20261201-000000-abcd",
                                                 SecretString="hf_x", Tags=kosum_aws.tags("train-20261201-000000-abcd"))
    bucket = kosum_aws.bucket()
    boto3.client("s3").put_object(Bucket=bucket, Key="kosum/train-20261201-000000-abcd/model.safetensors", Body=b"x")
    return f"s3://{bucket}/kosum/train-20261201-000000-abcd/"


def agent_events(message: str, thread: str) -> list[dict]:
    """The events of one turn of the app's own agent (offline brain, approval gate), in this process."""
    from assistant.agent import build_agent, chat

    return list(chat(build_agent(), thread, message))


def approval_card(message: str, thread: str) -> str:
    """The plan shown for approval after `message` (exactly one)."""
    events = agent_events(message, thread)
    cards = [e["approval"] for e in events if "approval" in e]
    assert len(cards) == 1, events
    return cards[0]


def assert_plans(router: OfflineRouter, text: str, tool: str, args: dict) -> None:
    """`text` routes to `tool` with `args` among its arguments (the others are left to the tool's defaults)."""
    got, got_args, _ = router.route(text)
    assert got == tool
    assert {key: got_args.get(key) for key in args} == args
