"""What every AWS operation shares: clients with one retry policy, the tags that let inventory find resources after a
crash, the S3 bucket and execution role, and one clear message (with the fix) for each error users actually hit."""
from __future__ import annotations

import functools
import os
from contextlib import contextmanager
from typing import Any, Iterator

from serving.sagemaker_ic import THROTTLING, error_code
from tools.errors import KosumError, UserInputError
from tools.settings import Settings, get_settings
from training.texts import t

PRODUCT_TAG = "kosum:product"
RUN_TAG = "kosum:run-id"
PRODUCT = "kosum-assistant"


def tags(run_id: str) -> list[dict[str, str]]:
    """Tags on every AWS resource KoSum creates: `resources`/`teardown` discover by these after a crash."""
    return [{"Key": PRODUCT_TAG, "Value": PRODUCT}, {"Key": RUN_TAG, "Value": run_id}]


SECRET_ENV = "KOSUM_HF_TOKEN_SECRET"  # what a SageMaker job gets instead of the token: the secret's ARN


def secret_name(run_id: str) -> str:
    return f"kosum/{run_id}/hf-token"


def create_secret(name: str, value: str, run_id: str, settings: Settings | None = None) -> str:
    """A Secrets Manager secret of this run, tagged like every KoSum resource; returns its ARN. The value goes only
    into this request (never into a SageMaker request, whose descriptions anyone with read access can see)."""
    return client("secretsmanager", settings).create_secret(
        Name=name, SecretString=value, Tags=tags(run_id),
        Description="Hugging Face token for a KoSum training job; removed by `python -m assistant teardown`")["ARN"]


def delete_secret(arn: str, settings: Settings | None = None) -> None:
    """Delete now (no recovery window: KoSum made it for one job); a secret already gone is done."""
    secrets = client("secretsmanager", settings)
    try:
        secrets.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    except secrets.exceptions.ResourceNotFoundException:
        pass


def is_ours(tag_list: list[dict[str, str]]) -> bool:
    return any(t.get("Key") == PRODUCT_TAG and t.get("Value") == PRODUCT for t in tag_list)


def region(settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    if not settings.aws_region:
        raise UserInputError(t("no AWS region set"), fix=t("export AWS_REGION=us-east-1 (or your region)"))
    return settings.aws_region


def prepare_sdk_environment(settings: Settings | None = None) -> None:
    """Before importing the SageMaker SDK: opt out of its telemetry (it calls AWS directly, ignoring endpoint
    overrides) unless the user configured the SDK themselves."""
    settings = settings or get_settings()
    if "SAGEMAKER_USER_CONFIG_OVERRIDE" not in os.environ:
        path = settings.path("sagemaker") / "config.yaml"
        if not path.exists():
            path.write_text("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n"
                            "      TelemetryOptOut: true\n", encoding="utf-8")
        os.environ["SAGEMAKER_USER_CONFIG_OVERRIDE"] = str(path)
    os.environ.setdefault("AWS_DEFAULT_REGION", region(settings))


@functools.lru_cache(maxsize=None)
def _service_data(data_path: str | None) -> Any:
    """One botocore loader per process: a fresh session parses each service's model again (~0.1 s per client)."""
    from botocore.loaders import create_loader

    return create_loader(data_path)


def session(settings: Settings | None = None) -> Any:
    """A new boto3 session (credentials and settings as the environment has them now) sharing the loaded models."""
    import boto3
    import botocore.session

    core = botocore.session.get_session()
    loader = _service_data(core.get_config_variable("data_path"))
    core.register_component("data_loader", loader)
    made = boto3.session.Session(botocore_session=core, region_name=region(settings))
    loader.search_paths[:] = list(dict.fromkeys(loader.search_paths))  # each boto3 session appends its data path
    return made


def client(service: str, settings: Settings | None = None) -> Any:
    """A boto3 client with standard retries (AWS_MAX_ATTEMPTS still applies) and the user's endpoint overrides."""
    from botocore.config import Config

    return session(settings).client(service, config=Config(retries={"mode": "standard"}, connect_timeout=10,
                                                           read_timeout=60))


def account_id(settings: Settings | None = None) -> str:
    with aws_errors(t("reading the AWS account")):
        return client("sts", settings).get_caller_identity()["Account"]


def bucket(settings: Settings | None = None, create: bool = True) -> str:
    """KOSUM_S3_BUCKET (must exist), or SageMaker's default bucket `sagemaker-<region>-<account>` (created if needed,
    as the SageMaker SDK does; it is shared, so teardown never deletes the bucket itself)."""
    settings = settings or get_settings()
    s3 = client("s3", settings)
    if settings.s3_bucket:
        with aws_errors(t("checking bucket {bucket}", bucket=settings.s3_bucket)):
            if not _bucket_exists(s3, settings.s3_bucket):
                raise KosumError(t("S3 bucket {bucket} does not exist", bucket=settings.s3_bucket),
                                 fix=t("create it (aws s3 mb s3://{bucket}) or unset KOSUM_S3_BUCKET to use "
                                       "SageMaker's default bucket", bucket=settings.s3_bucket))
        return settings.s3_bucket
    name = f"sagemaker-{region(settings)}-{account_id(settings)}"
    if not create:
        return name
    with aws_errors(t("preparing bucket {bucket}", bucket=name)):
        if not _bucket_exists(s3, name):
            extra = {} if region(settings) == "us-east-1" else {
                "CreateBucketConfiguration": {"LocationConstraint": region(settings)}}
            s3.create_bucket(Bucket=name, **extra)
    return name


def _bucket_exists(s3: Any, name: str) -> bool:
    try:
        s3.head_bucket(Bucket=name)
        return True
    except Exception as exc:
        if error_code(exc) in {"404", "NoSuchBucket", "NotFound"}:
            return False
        raise


def execution_role(settings: Settings | None = None) -> str:
    """KOSUM_SAGEMAKER_ROLE_ARN, checked to exist and to trust sagemaker.amazonaws.com when IAM lets us look."""
    settings = settings or get_settings()
    arn = settings.sagemaker_role_arn
    fix = t("set KOSUM_SAGEMAKER_ROLE_ARN to an IAM role that trusts sagemaker.amazonaws.com and has "
            "AmazonSageMakerFullAccess plus read/write on your bucket")
    if not arn:
        raise UserInputError(t("no SageMaker execution role configured"), fix=fix)
    if not arn.startswith("arn:aws") or ":role/" not in arn:
        raise UserInputError(t("'{arn}' is not an IAM role ARN", arn=arn), fix=fix)
    try:
        role = client("iam", settings).get_role(RoleName=arn.rsplit("/", 1)[1])["Role"]
    except Exception as exc:
        if error_code(exc) == "NoSuchEntity":
            raise KosumError(t("IAM role {arn} does not exist", arn=arn), fix=fix) from None
        return arn  # no iam:GetRole permission: SageMaker itself will say if the role is unusable
    if "sagemaker.amazonaws.com" not in str(role.get("AssumeRolePolicyDocument", "")):
        raise KosumError(t("IAM role {arn} does not trust sagemaker.amazonaws.com", arn=arn), fix=fix)
    return arn


_FIXES = {
    "ResourceLimitExceeded": (lambda doing, message: t("AWS service quota reached while {doing}: {message}",
                                                       doing=doing, message=message),
                              lambda quota: t("request an increase in Service Quotas (Amazon SageMaker: '{quota}'), or "
                                              "choose another instance type or fewer instances", quota=quota)),
    "AccessDenied": (lambda doing, message: t("AWS denied access while {doing}: {message}", doing=doing,
                                              message=message),
                     lambda quota: t("grant your AWS identity the permissions listed in README (SageMaker, S3, "
                                     "CloudWatch Logs, iam:PassRole on the execution role)")),
    "ThrottlingException": (lambda doing, message: t("AWS is throttling requests while {doing}: {message}",
                                                     doing=doing, message=message),
                            lambda quota: t("wait a minute and run the command again")),
    "NoSuchBucket": (lambda doing, message: t("the S3 bucket does not exist while {doing}: {message}", doing=doing,
                                              message=message),
                     lambda quota: t("create it or unset KOSUM_S3_BUCKET")),
    "ExpiredToken": (lambda doing, message: t("your AWS credentials have expired while {doing}: {message}",
                                              doing=doing, message=message),
                     lambda quota: t("refresh them (aws sso login / new session token)")),
}
_ALIASES = {"AccessDeniedException": "AccessDenied", "UnauthorizedOperation": "AccessDenied",
            "ExpiredTokenException": "ExpiredToken", **{code: "ThrottlingException" for code in THROTTLING}}


def explain(exc: BaseException, doing: str, quota: str = "the instance type for this use") -> KosumError:
    """One user-facing error for an AWS failure: what happened while doing what, and how to fix it."""
    from botocore.exceptions import (ClientError, EndpointConnectionError, NoCredentialsError,
                                     ReadTimeoutError, ConnectTimeoutError)

    if isinstance(exc, NoCredentialsError):
        return KosumError(t("no AWS credentials while {doing}", doing=doing), fix=t("run `aws configure` or set AWS_PROFILE"))
    if isinstance(exc, (EndpointConnectionError, ReadTimeoutError, ConnectTimeoutError)):
        return KosumError(t("could not reach AWS while {doing}: {reason}", doing=doing, reason=exc),
                          fix=t("check the network and AWS_REGION, then retry"), retryable=True)
    if not isinstance(exc, ClientError):
        return KosumError(t("failed while {doing}: {reason}", doing=doing, reason=f"{type(exc).__name__}: {exc}"))
    code = _ALIASES.get(error_code(exc), error_code(exc))
    message = exc.response.get("Error", {}).get("Message", "")
    if code == "ValidationException" and ("role" in message.lower() or "assume" in message.lower()):
        return KosumError(t("SageMaker cannot use the execution role while {doing}: {message}", doing=doing,
                            message=message),
                          fix=t("make the role trust sagemaker.amazonaws.com and let your identity pass it "
                                "(iam:PassRole); set KOSUM_SAGEMAKER_ROLE_ARN"))
    if code == "ValidationException":
        return KosumError(t("AWS rejected the request while {doing}: {message}", doing=doing, message=message),
                          fix=t("check the instance type, names and region"))
    if code not in _FIXES:
        return KosumError(t("AWS error {code} while {doing}: {message}", code=code, doing=doing, message=message),
                          fix=t("see the message; nothing else was changed"))
    title, fix = _FIXES[code]
    return KosumError(title(doing, message), fix=fix(quota), retryable=code == "ThrottlingException")


@contextmanager
def aws_errors(doing: str, quota: str = "the instance type for this use") -> Iterator[None]:
    """Turn botocore errors raised inside into `explain`ed KosumErrors."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (ClientError, BotoCoreError) as exc:
        raise explain(exc, doing, quota) from None
