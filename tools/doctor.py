"""Operation: check an AWS set-up before anything is created: region, credentials, the execution role (exists,
trusts SageMaker, may read the token secret), the bucket, and the service quotas the planned instances need.
Read-only: it creates nothing and prints what is missing with the fix."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable

from serving.sagemaker_ic import error_code
from tools.errors import KosumError
from tools.results import OpResult
from training.texts import t


@dataclass
class Check:
    name: str
    ok: bool | None  # None: could not be checked with these permissions
    detail: str
    fix: str = ""


def _run(name: str, probe: Callable[[], Check]) -> Check:
    try:
        return probe()
    except KosumError as exc:
        return Check(name, False, str(exc).split(" — ")[0], exc.fix or "")


def _role(aws: Any, settings: Any) -> Check:
    arn = aws.execution_role(settings)  # raises with the fix when unset, malformed, missing or untrusted
    iam = aws.client("iam", settings)
    try:
        results = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=[
            "secretsmanager:GetSecretValue", "s3:GetObject", "s3:PutObject"])["EvaluationResults"]
    except Exception as exc:
        return Check("execution role", True, f"{arn} exists and trusts sagemaker.amazonaws.com; its permissions were "
                                             f"not simulated ({error_code(exc) or type(exc).__name__})")
    denied = [r["EvalActionName"] for r in results if r["EvalDecision"] != "allowed"]
    return Check("execution role", not denied, f"{arn}: " + (f"denied {', '.join(denied)}" if denied else
                                                          "trusted by SageMaker; may read secrets and the bucket"),
                 "allow secretsmanager:GetSecretValue on arn:aws:secretsmanager:*:*:secret:kosum/* and S3 read/write "
                 "on the bucket (README, 'AWS setup')" if denied else "")


def _bucket(aws: Any, settings: Any) -> Check:
    name = aws.bucket(settings, create=False)  # KOSUM_S3_BUCKET must exist: that check raises with its fix
    s3 = aws.client("s3", settings)
    with aws.aws_errors(t("checking bucket {bucket}", bucket=name)):
        try:
            s3.head_bucket(Bucket=name)
        except Exception as exc:
            if error_code(exc) not in {"404", "NoSuchBucket", "NotFound"}:
                raise
            return Check("bucket", True, f"{name} does not exist yet: created on first use (needs s3:CreateBucket)")
        s3.list_objects_v2(Bucket=name, Prefix="kosum/", MaxKeys=1)
    return Check("bucket", True, f"{name} exists and can be listed")


def _quotas(aws: Any, settings: Any, needs: dict[str, int]) -> list[Check]:
    from serving.inventory import pages

    quotas = aws.client("service-quotas", settings)
    with aws.aws_errors(t("reading SageMaker service quotas")):
        values = {q["QuotaName"]: q["Value"] for q in pages(quotas.list_service_quotas, "Quotas",
                                                            ServiceCode="sagemaker")}
    checks = []
    for name, count in needs.items():
        value = values.get(name)
        if value is None:
            checks.append(Check(f"quota '{name}'", None, "not listed for this account and region"))
        else:
            checks.append(Check(f"quota '{name}'", value >= count, f"{value:g} (needs {count})",
                                "" if value >= count else "request an increase in Service Quotas (Amazon SageMaker)"))
    return checks


def doctor(training_instance: str = "ml.g5.12xlarge", training_count: int = 1,
           endpoint_instance: str = "ml.g5.2xlarge") -> OpResult:
    from tools import aws, pricing
    from tools.settings import get_settings

    settings = get_settings()
    for name in (training_instance, endpoint_instance):
        pricing.instance(name)  # an unknown type is an input error, before any AWS call
    checks = [_run("region", lambda: Check("region", True, aws.region(settings)))]
    checks.append(_run("credentials", lambda: Check("credentials", True, f"account {aws.account_id(settings)}")))
    if checks[-1].ok:
        checks.append(_run("execution role", lambda: _role(aws, settings)))
        checks.append(_run("bucket", lambda: _bucket(aws, settings)))
        needs = {pricing.quota_name(training_instance, "training"): training_count,
                 pricing.quota_name(endpoint_instance, "endpoint"): 1}
        try:
            checks += _quotas(aws, settings, needs)
        except KosumError as exc:
            checks.append(Check("service quotas", None, str(exc).split(" — ")[0], exc.fix or ""))
    mark = {True: "ok  ", False: "FAIL", None: "?   "}
    lines = [f"{mark[c.ok]} {c.name}: {c.detail}" + (f"\n       fix: {c.fix}" if c.fix else "") for c in checks]
    failed = [c for c in checks if c.ok is False]
    lines.append(f"{len(failed)} problem(s) found." if failed else "Ready for SageMaker (nothing was created).")
    return OpResult("\n".join(lines), {"checks": [asdict(c) for c in checks], "exit_code": 1 if failed else 0})
