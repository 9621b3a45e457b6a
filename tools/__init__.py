"""The product's operations: one module per capability, each a plain function that the CLI, the agent's tool
wrappers and the tests all call, plus what they share (settings, the state store, costs, AWS tagging, errors)."""
