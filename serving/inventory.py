"""Discovery of everything KoSum created in AWS, by tag, so inventory and teardown work after a crash or with the
state store gone. Read-only: deletion lives in `sagemaker_ic.delete` and the operations above."""
from __future__ import annotations

from typing import Any, Callable, Iterator

NAME_PREFIX = "kosum-"  # every SageMaker resource KoSum creates is named kosum-...: List calls filter on it
# list call, result key, name key, arn key, status key (None: the resource has no status), filters (one List per set)
_LISTS = {
    "inference_component": ("list_inference_components", "InferenceComponents", "InferenceComponentName",
                            "InferenceComponentArn", "InferenceComponentStatus", [{}]),
    "endpoint": ("list_endpoints", "Endpoints", "EndpointName", "EndpointArn", "EndpointStatus", [{}]),
    "endpoint_config": ("list_endpoint_configs", "EndpointConfigs", "EndpointConfigName", "EndpointConfigArn", None,
                        [{}]),
    "model": ("list_models", "Models", "ModelName", "ModelArn", None, [{}]),
    # training jobs that still bill: running, stopping, or finished with a warm pool kept alive
    "training_job": ("list_training_jobs", "TrainingJobSummaries", "TrainingJobName", "TrainingJobArn",
                     "TrainingJobStatus", [{"StatusEquals": "InProgress"}, {"StatusEquals": "Stopping"},
                                           {"WarmPoolStatusEquals": "Available"}]),
}


def pages(call: Callable[..., dict[str, Any]], key: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Every item of a paginated AWS List call (NextToken)."""
    token = None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        yield from page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return


def discover(sm: Any, is_ours: Callable[[list[dict[str, str]]], bool], run_tag: str) -> list[dict[str, Any]]:
    """SageMaker resources named kosum-... and tagged as ours that still exist (training jobs: those that bill)."""
    found, seen = [], set()
    for kind, (call, key, name_key, arn_key, status_key, filters) in _LISTS.items():
        for extra in filters:
            for item in pages(getattr(sm, call), key, NameContains=NAME_PREFIX, **extra):
                if item[arn_key] in seen:
                    continue
                seen.add(item[arn_key])
                tags = list(pages(sm.list_tags, "Tags", ResourceArn=item[arn_key]))
                status = item.get(status_key) if status_key else "exists"
                if (item.get("WarmPoolStatus") or {}).get("Status") == "Available":
                    status = "WarmPool"  # finished, but the kept cluster bills until released
                if is_ours(tags):
                    found.append({"kind": kind, "name": item[name_key], "arn": item[arn_key], "status": status,
                                  "run_id": next((t["Value"] for t in tags if t["Key"] == run_tag), None),
                                  "endpoint": item.get("EndpointName")})
    return found


def discover_secrets(secrets: Any, product_tag: str, is_ours: Callable[[list[dict[str, str]]], bool],
                     run_tag: str) -> list[dict[str, Any]]:
    """Secrets Manager secrets tagged as KoSum's (a run's Hugging Face token)."""
    found = []
    for item in pages(secrets.list_secrets, "SecretList", Filters=[{"Key": "tag-key", "Values": [product_tag]}]):
        tags = item.get("Tags", [])
        if is_ours(tags):
            found.append({"kind": "secret", "name": item["Name"], "arn": item["ARN"], "status": "exists",
                          "run_id": next((t["Value"] for t in tags if t["Key"] == run_tag), None)})
    return found


def s3_prefixes(s3: Any, bucket: str, root: str = "kosum/") -> dict[str, int]:
    """Bytes stored under each run prefix (`kosum/<run-id>/`) of the bucket."""
    sizes: dict[str, int] = {}
    try:
        for item in pages(s3.list_objects_v2, "Contents", Bucket=bucket, Prefix=root):
            prefix = "/".join(item["Key"].split("/")[:2]) + "/"
            sizes[prefix] = sizes.get(prefix, 0) + item["Size"]
    except s3.exceptions.NoSuchBucket:
        return {}
    return sizes


def delete_prefix(s3: Any, bucket: str, prefix: str) -> int:
    """Delete every object under `prefix`; returns how many."""
    keys = [{"Key": o["Key"]} for o in pages(s3.list_objects_v2, "Contents", Bucket=bucket, Prefix=prefix)]
    for start in range(0, len(keys), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": keys[start:start + 1000], "Quiet": True})
    return len(keys)
