"""Serving-side capabilities: local server process control, SageMaker Inference Component deploy/invoke/delete,
the summarization client, and resource discovery/deletion primitives. Never imports `assistant` or `tools`."""
