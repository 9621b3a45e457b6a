"""Training-side capabilities: data preparation, the FSDP + QLoRA entry script, launchers, merge, evaluation.

Self-contained: SageMaker uploads this folder as the training job's source directory, so nothing here imports
`assistant` or `tools`.
"""
