"""One typed settings object from the environment and an optional YAML file (`KOSUM_CONFIG` or KOSUM_HOME/config.yaml)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, YamlConfigSettingsSource


def _config_file() -> Path:
    explicit = os.environ.get("KOSUM_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    return Path(os.environ.get("KOSUM_HOME", "~/.kosum")).expanduser() / "config.yaml"


class Settings(BaseSettings):
    """Everything configurable. Secrets are SecretStr: their repr and str never show the value."""

    model_config = SettingsConfigDict(env_prefix="KOSUM_", extra="ignore")

    home: Path = Field(default=Path("~/.kosum"), description="all state and artifacts")
    sagemaker_role_arn: str | None = None
    s3_bucket: str | None = None
    aws_region: str | None = Field(default=None, validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION"))
    hf_token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("HF_TOKEN", "KOSUM_HF_TOKEN"))
    brain: Literal["offline", "bedrock", "openai"] = "offline"
    bedrock_model: str = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    openai_base_url: str | None = None
    openai_model: str = "kosum"
    openai_api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("KOSUM_OPENAI_API_KEY",
                                                                                         "OPENAI_API_KEY"))
    language: Literal["ko", "en"] = "ko"
    poll_seconds: float = Field(default=15.0, gt=0, description="how often to poll SageMaker while deploying")
    plan_attempts: int = Field(default=4, ge=1, description="tries to make a plan when AWS errors are transient")
    plan_backoff_seconds: float = Field(default=0.5, ge=0, description="first wait between those tries (doubles)")
    teardown_wait_seconds: float = Field(default=3600.0, gt=0, description="how long teardown waits for a component "
                                         "still Creating (SageMaker allows 30 min download + 30 min start)")
    deploy_deadline_seconds: float = Field(default=2700.0, gt=0,
                                           description="how long an endpoint or inference component may take")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        yaml_source = YamlConfigSettingsSource(settings_cls, yaml_file=_config_file())
        return init_settings, env_settings, yaml_source

    def model_post_init(self, context: object) -> None:
        self.home = self.home.expanduser()

    def path(self, *parts: str) -> Path:
        """A folder under KOSUM_HOME, created on first use."""
        folder = self.home.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def secret_values(self) -> list[str]:
        """Every secret this process knows, so writers can scrub them (HF token, AWS keys, the LLM API key)."""
        values = [self.hf_token.get_secret_value() if self.hf_token else ""]
        values += [self.openai_api_key.get_secret_value() if self.openai_api_key else ""]
        values += [os.environ.get(k, "") for k in ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "HF_TOKEN")]
        return [v for v in values if len(v) >= 8]


def get_settings() -> Settings:
    """Fresh settings each call: cheap, and tests and the app see environment changes."""
    return Settings()
