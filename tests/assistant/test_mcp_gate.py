"""The approval gate over MCP against the offline AWS (moto stand-in): a SageMaker training or deployment asked for by
an MCP client answers with its plan and cost and creates nothing; a plan id of another tool or other arguments is
refused and creates nothing; the id of the plan shown submits exactly that plan. A client that declares elicitation
is asked instead, on both protocol eras (a server-to-client request on the 2025 handshake, an input-required round on
2026): declining creates nothing, accepting does exactly the plan it was shown."""
from __future__ import annotations

import re
from pathlib import Path

import anyio
import mcp.types as types
import pytest

from tests.assistant.mcp_session import Progress, call, connect, said
from tests.assistant.test_gate import _bucket_objects, _trained_model


@pytest.fixture
def cloud(aws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The stand-in AWS (fresh for each test) with fast polls and a Hugging Face token, as the server process will
    inherit them."""
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    monkeypatch.setenv("HF_TOKEN", "hf_mcp_gate_token_value")
    config = tmp_path / "sagemaker-sdk.yaml"  # the SDK's telemetry opt-out, isolated per test
    config.write_text("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n      TelemetryOptOut: true\n")
    monkeypatch.setenv("SAGEMAKER_USER_CONFIG_OVERRIDE", str(config))
    return aws


def _created(aws) -> list[str]:
    return [action for action, _ in aws.requests if action.startswith("Create")]


def test_cloud_plans_create_nothing_until_their_own_id_comes_back(cloud, tiny_base: Path) -> None:
    _trained_model(tiny_base)

    async def scenario() -> None:
        async with connect(mode="legacy") as client:
            assert not (await call(client, "prepare_data", {"source": "sample"})).is_error
            training = await call(client, "train_on_sagemaker", {"instance_count": 2})
            assert training.structured_content["approval_required"] and not training.is_error, training
            assert "instances: 2 x ml.g5.12xlarge" in said(training) and "USD/hour" in said(training)
            assert training.structured_content["cost"]["per_hour_usd"] > 0
            assert "hf_mcp_gate_token_value" not in said(training)
            deployment = await call(client, "deploy_to_sagemaker", {"lang": "ko"})
            assert "추론 컴포넌트" in said(deployment) and "시간당" in said(deployment), said(deployment)
            assert _created(cloud) == [] and _bucket_objects() == 0

            foreign = [(deployment.structured_content["plan_id"], {"instance_count": 2}, "is a plan of "
                        "deploy_to_sagemaker, not of train_on_sagemaker"),
                       (training.structured_content["plan_id"], {"instance_count": 1}, "made for other arguments")]
            for plan_id, arguments, reason in foreign:
                refused = await call(client, "train_on_sagemaker", {**arguments, "plan_id": plan_id})
                assert refused.is_error and reason in said(refused), refused
            assert _created(cloud) == [] and _bucket_objects() == 0

            shown = await call(client, "train_on_sagemaker", {"instance_count": 2})
            planned = re.search(r"SageMaker training job (\S+) in", said(shown)).group(1)
            submitted = await call(client, "train_on_sagemaker", {"instance_count": 2,
                                                                  "plan_id": shown.structured_content["plan_id"]})
            assert "Submitted" in said(submitted) and submitted.structured_content["submitted"], submitted
            jobs = [body for action, body in cloud.requests if action == "CreateTrainingJob"]
            assert len(jobs) == 1 and jobs[0]["TrainingJobName"].startswith(planned)
            assert jobs[0]["ResourceConfig"]["InstanceCount"] == 2

    anyio.run(scenario)


class User:
    """An MCP client's human: answers each approval prompt in turn, and remembers what it was asked."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    async def __call__(self, context, params) -> types.ElicitResult:
        self.asked.append(params.message)
        answer = self.answers.pop(0)
        return types.ElicitResult(action=answer, content={"approve": True} if answer == "accept" else None)


def test_a_client_that_can_ask_is_asked_with_the_plan_on_the_2025_protocol(cloud, tiny_base: Path) -> None:
    _trained_model(tiny_base)
    user = User("decline", "accept", "accept")

    async def scenario() -> None:
        async with connect(mode="legacy", elicitation=user) as client:
            declined = await call(client, "deploy_to_sagemaker")
            assert "Nothing was created." in said(declined) and "plan_id" not in declined.structured_content
            assert "inference component" in user.asked[0] and "USD/hour" in user.asked[0], user.asked
            assert _created(cloud) == [] and _bucket_objects() == 0

            progress = Progress()
            deployed = await call(client, "deploy_to_sagemaker", {}, progress)
            assert "In service" in said(deployed), deployed
            component = re.search(r"inference component (\S+) on", user.asked[1]).group(1)
            assert deployed.structured_content["component"] == component  # what was asked is what was made
            assert _created(cloud) == ["CreateEndpointConfig", "CreateEndpoint", "CreateModel",
                                       "CreateInferenceComponent"]
            assert len(progress.seen) >= 2

            removed = await call(client, "teardown", {"include_s3": True})
            assert "Removed 5" in said(removed) and "deleted too" in user.asked[2], (removed, user.asked)
            assert removed.structured_content["remaining"] == []

    anyio.run(scenario)


def test_a_client_that_can_ask_is_asked_with_the_plan_on_the_2026_protocol(cloud) -> None:
    user = User("decline", "accept")

    async def scenario() -> None:
        async with connect(elicitation=user) as client:
            assert client.protocol_version >= "2026-07-28"  # the question rides an input-required round
            assert not (await call(client, "prepare_data", {"source": "sample"})).is_error
            declined = await call(client, "train_on_sagemaker", {"instance_count": 2})
            assert "Nothing was submitted." in said(declined) and "instances: 2 x" in user.asked[0], user.asked
            assert _created(cloud) == [] and _bucket_objects() == 0

            submitted = await call(client, "train_on_sagemaker", {"instance_count": 2})
            assert "Submitted" in said(submitted), submitted
            planned = re.search(r"SageMaker training job (\S+) in", user.asked[1]).group(1)
            jobs = [body for action, body in cloud.requests if action == "CreateTrainingJob"]
            assert len(jobs) == 1 and jobs[0]["TrainingJobName"].startswith(planned)

    anyio.run(scenario)
