"""The MCP server as a client sees it: `python -m assistant mcp` in its own process (the test's environment: its
KOSUM_HOME, its AWS stand-in), driven over stdio by the official SDK's client."""
from __future__ import annotations

import os
import sys
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

import mcp.types as types
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.conftest import ROOT


@asynccontextmanager
async def connect(*flags: str, mode: str = "auto", elicitation: Any = None) -> AsyncIterator[Client]:
    """A client of a fresh server process; `mode="legacy"` speaks the 2025 handshake protocol that today's MCP clients
    use, "auto" the 2026 protocol the SDK's client prefers."""
    server = StdioServerParameters(command=sys.executable, args=["-m", "assistant", "mcp", *flags], cwd=str(ROOT),
                                   env=dict(os.environ))
    async with Client(server, mode=mode, elicitation_callback=elicitation) as client:
        yield client


class Progress:
    """Collects a call's progress notifications."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, float | None, str | None]] = []

    async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
        self.seen.append((progress, total, message))


async def call(client: Client, tool: str, arguments: dict[str, Any] | None = None,
               progress: Progress | None = None) -> types.CallToolResult:
    return await client.call_tool(tool, arguments or {}, progress_callback=progress)


def said(result: types.CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")
