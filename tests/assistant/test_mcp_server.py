"""`python -m assistant mcp` seen by the SDK's own client over stdio: every action of the table is listed with its
schema, description and annotations; bad input (unknown tool, wrong types, missing or unknown arguments) gets an MCP
error naming the field, nothing is created, and the server goes on serving."""
from __future__ import annotations

import json

import anyio
import pytest
from mcp.shared.exceptions import MCPError

from tests.assistant.mcp_session import call, connect, said

GATED = {"train_on_sagemaker", "deploy_to_sagemaker", "teardown"}


def test_tools_are_listed_with_their_schemas_descriptions_and_annotations() -> None:
    from assistant.actions import ACTIONS

    async def scenario() -> None:
        async with connect(mode="legacy") as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            templates = (await client.list_resource_templates()).resource_templates
            listed = [resource.uri for resource in (await client.list_resources()).resources]
        assert list(tools) == list(ACTIONS)
        for name, tool in tools.items():
            fields = set(ACTIONS[name].args.model_fields)
            expected = fields | {"lang"} | ({"plan_id"} if name in GATED else set())
            assert set(tool.input_schema["properties"]) == expected, name
            assert tool.input_schema["additionalProperties"] is False and len(tool.description) > 30
            hints = tool.annotations
            assert hints.destructive_hint is (name in GATED), name  # clients ask their human before these
            assert not (hints.read_only_hint and name in GATED)
        assert tools["summarize"].input_schema["required"] == ["text"]
        assert tools["train_on_sagemaker"].input_schema["properties"]["instance_count"]["maximum"] == 16
        assert tools["job_status"].annotations.read_only_hint and tools["teardown"].annotations.open_world_hint
        assert [template.uri_template for template in templates] == ["kosum://jobs/{id}"]
        assert listed == ["kosum://resources"]

    anyio.run(scenario)


CASES = [  # (tool, arguments, the field the error names, the words it says)
    ("start_training", {"preset": "tiny", "max_steps": "many"}, ["max_steps"], "Input should be a valid integer"),
    ("start_training", {"max_steps": -5}, ["max_steps"], "greater than or equal to 1"),
    ("summarize", {}, ["text"], "text: Field required"),
    ("teardown", {"ids": "everything", "include_s3": True}, ["ids"], "Input should be a valid list"),
    ("train_on_sagemaker", {"instance_count": 0}, ["instance_count"], "greater than or equal to 1"),
    ("job_status", {"job": "train-1"}, ["job"], "unknown argument(s) job; job_status takes: job_id"),
    ("job_status", {"lang": "fr"}, ["lang"], "lang must be 'ko' or 'en', not fr"),
    ("teardown", {"plan_id": 7}, ["plan_id"], "plan_id must be the text id a plan came with"),
]


def test_bad_input_gets_an_mcp_error_naming_the_field_and_the_server_keeps_serving() -> None:
    async def scenario() -> None:
        async with connect() as client:
            for tool, arguments, fields, words in CASES:
                refused = await call(client, tool, arguments)
                assert refused.is_error and refused.structured_content["fields"] == fields, (tool, refused)
                assert refused.structured_content["bad_input"] and words in said(refused), (tool, refused)
                with pytest.raises(MCPError) as unknown:
                    await call(client, "delete_everything", {"really": True})
                assert unknown.value.error.code == -32602 and "delete_everything" in unknown.value.error.message
                still = await call(client, "list_resources")  # the same server answers the next call
                assert not still.is_error and still.structured_content["resources"] == [], still
            korean = await call(client, "summarize", {"lang": "ko"})
            assert said(korean) == "입력 오류: text: Field required"
            inventory = json.loads((await client.read_resource("kosum://resources")).contents[0].text)
            assert inventory["resources"] == []

    anyio.run(scenario)
