"""`python -m assistant [subcommand]`: the chat app with no arguments, every operation as a subcommand.

Exit codes: 0 success, 2 bad input (one line on stderr, nothing created), 1 any other failure.
"""
from __future__ import annotations

import argparse
import sys
import traceback
from typing import Any, Callable, NoReturn, Sequence

from tools.errors import exit_code_for
from tools.results import OpResult
from training.texts import t

LANGUAGE = {"value": "en"}  # set by main(): --lang, else the locale (LC_ALL, LC_MESSAGES, LANG)


def shown(text: str) -> str:
    """A text for the terminal, in the CLI's language."""
    from assistant.messages import localize

    return localize(text, LANGUAGE["value"])


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def _positive(kind: type = int, allow_zero: bool = False) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if value < 0 or (value == 0 and not allow_zero):
            raise argparse.ArgumentTypeError(f"must be {'0 or more' if allow_zero else 'more than 0'}, got {text}")
        return value

    return parse


def _nproc(text: str) -> str | int:
    return "auto" if text == "auto" else _positive()(text)


def _progress_printer(json_mode: bool) -> Callable[[float, str], None] | None:
    """A one-line progress display on stderr (silent with --json)."""
    if json_mode or not sys.stderr.isatty():
        return None

    def show(fraction: float, message: str) -> None:
        bar = "#" * int(fraction * 20)
        sys.stderr.write(f"\r[{bar:<20}] {fraction * 100:3.0f}% {message[:60]:<60}")
        if fraction >= 1:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def confirm(question: str, assume_yes: bool) -> bool:
    """Ask on the terminal; without a terminal and without --yes the answer is no."""
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        print(shown(t("{question} [y/N] no (not a terminal; pass --yes to confirm)", question=question)),
              file=sys.stderr)
        return False
    return input(f"{shown(question)} [y/N] ").strip().lower() in {"y", "yes", "예", "네", "ㅇ"}


# --------------------------------------------------------------------------------------------------------------
# Handlers: parse nothing, call one operation, return its result
# --------------------------------------------------------------------------------------------------------------
def _app(args: argparse.Namespace) -> OpResult | None:
    from assistant.app import launch

    launch(host=args.host, port=args.port, auth=args.auth, language=args.lang)
    return None


def _data_prepare(args: argparse.Namespace) -> OpResult:
    from tools.data import prepare_data

    return prepare_data(args.source, args.out, args.sample, args.tokenizer, args.max_seq_length,
                        progress=_progress_printer(args.json))


def _train(args: argparse.Namespace) -> OpResult:
    if args.backend == "sagemaker":
        return _train_sagemaker(args)
    from tools.train import start_local_training
    from training.launch_local import NodeOptions

    result = start_local_training(args.preset, args.config, args.data, args.base_model, args.nproc, args.max_steps,
                                  subset="sample" if args.sample else "full",
                                  nodes=NodeOptions(args.nnodes, args.node_rank, args.rdzv_endpoint))
    if args.follow:
        print(shown(result.text), file=sys.stderr if args.json else sys.stdout)  # --json: stdout holds one JSON
        return _follow(result.data["id"], args.json)
    return result


def _train_sagemaker(args: argparse.Namespace) -> OpResult:
    options = dict(preset=args.preset or "llama3-8b", config=args.config, data=args.data, base_model=args.base_model,
                   instance_type=args.instance_type, instance_count=args.instance_count,
                   subset="sample" if args.sample else "full", spot=args.spot, max_run_hours=args.max_run_hours,
                   warm_pool_minutes=args.warm_pool_minutes, max_steps=args.max_steps)
    return _approved("train_on_sagemaker", options, args)


def _approved(action: str, options: dict[str, Any], args: argparse.Namespace) -> OpResult:
    """Every costly or destructive subcommand: show the action's plan, ask, then carry out exactly that plan."""
    from assistant.actions import ACTIONS, approval_of

    gate = ACTIONS[action].gate
    plan = gate.plan(options)
    if getattr(args, "dry_run", False):
        plan.text += "\n" + t("Dry run: nothing was created.")
        return plan
    approval = approval_of(plan)
    if approval is None:  # nothing to do ("Nothing to remove.")
        return plan
    if not args.json:
        print(shown(plan.text))
    if not confirm(gate.question, args.yes):
        return OpResult(gate.declined, {**gate.declined_data, "exit_code": 1})
    return gate.execute(options, approval, _progress_printer(args.json))


def _follow(job_id: str, json_mode: bool) -> OpResult:
    from tools.jobs import follow_job

    show = _progress_printer(json_mode)

    def update(info: dict) -> None:
        if show and info.get("total_steps"):
            show(min(info["fraction"], 0.999) if info["status"] == "running" else 1.0, shown(info["line"]))
        elif not json_mode and not show:
            for line in info["new_lines"]:
                print(shown(line), file=sys.stderr)

    return follow_job(job_id, update, poll_s=1.0 if show else 5.0)


def _jobs(args: argparse.Namespace) -> OpResult:
    from tools.jobs import job_status, newest_running_job, stop_job

    words = list(args.words)
    if words and words[0] in {"stop", "resume"}:
        if len(words) != 2:
            raise SystemExit(_usage_error(f"usage: jobs {words[0]} ID"))
        if words[0] == "resume":
            from tools.train import resume_local_training

            return resume_local_training(words[1])
        return stop_job(words[1])
    if len(words) > 1:
        raise SystemExit(_usage_error("usage: jobs [ID] [--follow] | jobs stop ID | jobs resume ID"))
    if args.follow:
        return _follow(words[0] if words else newest_running_job(), args.json)
    return job_status(words[0] if words else None)


def _deploy(args: argparse.Namespace) -> OpResult:
    if args.target == "sagemaker":
        return _approved("deploy_to_sagemaker", dict(model=args.model, instance_type=args.instance_type,
                                                     endpoint=args.endpoint, copy_count=args.copies), args)
    from tools.deploy import deploy_local

    return deploy_local(args.model, args.engine, args.port, progress=_progress_printer(args.json))


def _summarize(args: argparse.Namespace) -> OpResult:
    from tools.summarize import summarize

    streaming = not args.json and sys.stdout.isatty()
    printer = (lambda piece: print(piece, end="", flush=True)) if streaming else None
    file = "-" if args.stdin else args.file
    result = summarize(args.text, file, args.target, args.max_tokens, args.temperature, args.top_p, on_piece=printer)
    if streaming:  # the summary is on the screen already: print only what follows it
        print()
        result.text = "\n".join(result.data["notes"])
    return result


def _eval(args: argparse.Namespace) -> OpResult:
    from tools.evaluate import evaluate

    return evaluate(args.data, args.split, args.limit, args.target, args.model, args.base_model, args.baseline,
                    args.tokenizer, args.max_tokens, progress=_progress_printer(args.json))


def _resources(args: argparse.Namespace) -> OpResult:
    from tools.resources import list_resources

    return list_resources()


def _teardown(args: argparse.Namespace) -> OpResult:
    return _approved("teardown", dict(ids=args.ids, everything=args.all, include_s3=args.include_s3), args)


def _mcp(args: argparse.Namespace) -> None:
    from assistant.mcp_server import serve

    serve(LANGUAGE["value"], args.plan_ttl_seconds)


def _doctor(args: argparse.Namespace) -> OpResult:
    from tools.doctor import doctor

    return doctor(args.training_instance_type, args.instance_count, args.endpoint_instance_type)


def _usage_error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


# --------------------------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument("--lang", choices=["ko", "en"], help="language of the output (default: from LANG)")

    parser = _Parser(prog="python -m assistant", description="KoSum Assistant: fine-tune, serve and clean up a "
                     "Korean news summarizer. With no subcommand, starts the chat app.")
    parser.add_argument("--host", default="127.0.0.1", help="app address (default loopback)")
    parser.add_argument("--port", type=_positive(), default=7860, help="app port")
    parser.add_argument("--auth", help="user:password, required to listen beyond loopback")
    parser.add_argument("--lang", choices=["ko", "en"], help="language of the page (default: KOSUM_LANGUAGE or ko)")
    parser.set_defaults(handler=_app, json=False)
    sub = parser.add_subparsers(title="subcommands", metavar="COMMAND", parser_class=_Parser)

    app = sub.add_parser("app", help="start the chat app (the default)", parents=[common])
    app.add_argument("--host", default="127.0.0.1")
    app.add_argument("--port", type=_positive(), default=7860)
    app.add_argument("--auth", help="user:password")
    app.set_defaults(handler=_app)

    data = sub.add_parser("data", help="data preparation").add_subparsers(
        metavar="ACTION", parser_class=_Parser, required=True, dest="action")
    prep = data.add_parser("prepare", parents=[common], help="convert naver-news-summarization-ko to chat JSON Lines")
    prep.add_argument("--source", help="hub id (default daekeun-ml/naver-news-summarization-ko, bundled sample when "
                      "offline), 'sample', a local file/folder in the naver schema, or the workshop's layout")
    prep.add_argument("--out", help="output folder (default KOSUM_HOME/data/<name>)")
    prep.add_argument("--sample", type=_positive(allow_zero=True), default=10, help="records per split in sample/")
    prep.add_argument("--tokenizer", help="tokenizer (hub id, path or 'tiny') for token-length statistics")
    prep.add_argument("--max-seq-length", type=_positive(), default=2048)
    prep.set_defaults(handler=_data_prepare)

    train = sub.add_parser("train", parents=[common], help="start fine-tuning (local background run or SageMaker)")
    train.add_argument("--backend", choices=["local", "sagemaker"], default="local",
                       help="this machine, or a SageMaker training job")
    train.add_argument("--preset", choices=["smol", "tiny", "llama3-8b"],
                       help="model and settings (default: smol locally when installed, else tiny; llama3-8b on "
                            "SageMaker)")
    train.add_argument("--config", help="YAML config (default: the preset's)")
    train.add_argument("--data", help="prepared data folder (default: the latest `data prepare`)")
    train.add_argument("--base-model", help="hub id or local folder (default: the preset's)")
    train.add_argument("--max-steps", type=_positive())
    subset = train.add_mutually_exclusive_group()
    subset.add_argument("--sample", action="store_true", help="train on the sample subset")
    subset.add_argument("--full", action="store_true", help="train on the full subset (default)")
    train.add_argument("--nproc", type=_nproc, default="auto", help="processes (GPUs) on this node, or auto")
    train.add_argument("--nnodes", type=_positive(), default=1)
    train.add_argument("--node-rank", type=_positive(allow_zero=True), default=0)
    train.add_argument("--rdzv-endpoint", help="HOST:PORT of node 0 for multi-node runs")
    train.add_argument("--follow", action="store_true", help="wait and show progress until the run ends")
    cloud = train.add_argument_group("SageMaker (--backend sagemaker)")
    cloud.add_argument("--instance-type", default="ml.g5.12xlarge")
    cloud.add_argument("--instance-count", type=_positive(), default=1)
    cloud.add_argument("--spot", action="store_true", help="managed spot training (checkpoints resume it)")
    cloud.add_argument("--max-run-hours", type=_positive(float), default=48.0)
    cloud.add_argument("--warm-pool-minutes", type=_positive(allow_zero=True), default=0,
                       help="keep the cluster for reuse (billed while idle; off by default)")
    cloud.add_argument("--dry-run", action="store_true", help="show the plan and cost; submit nothing")
    cloud.add_argument("--yes", action="store_true", help="submit without asking")
    train.set_defaults(handler=_train)

    jobs = sub.add_parser("jobs", parents=[common], help="training jobs: list, show, follow, stop",
                          usage="python -m assistant jobs [ID] [--follow] [--json] | jobs stop ID | jobs resume ID")
    jobs.add_argument("words", nargs="*", metavar="ID", help="a job id, `stop ID` or `resume ID`")
    jobs.add_argument("--follow", action="store_true", help="wait for the end with a progress bar")
    jobs.set_defaults(handler=_jobs)
    deploy = sub.add_parser("deploy", parents=[common], help="serve a fine-tuned model")
    deploy.add_argument("--target", choices=["local", "sagemaker"], default="local",
                        help="this machine, or a SageMaker Inference Component")
    deploy.add_argument("--model", help="model folder or (SageMaker) s3:// prefix; default: the latest trained model")
    deploy.add_argument("--instance-type", default="ml.g5.2xlarge", help="SageMaker instance type")
    deploy.add_argument("--endpoint", help="SageMaker: reuse this existing endpoint")
    deploy.add_argument("--copies", type=_positive(), default=1, help="SageMaker: model copies")
    deploy.add_argument("--yes", action="store_true", help="SageMaker: create without asking")
    deploy.add_argument("--dry-run", action="store_true", help="SageMaker: show the plan and cost; create nothing")
    deploy.add_argument("--engine", choices=["auto", "tgi", "kosum", "transformers"], default="auto",
                        help="auto: TGI in docker when a docker engine answers, else the KoSum engine for Llama "
                             "models on a CUDA GPU, else `transformers serve`")
    deploy.add_argument("--port", type=_positive())
    deploy.set_defaults(handler=_deploy)

    summ = sub.add_parser("summarize", parents=[common], help="summarize a Korean news article")
    source = summ.add_mutually_exclusive_group()
    source.add_argument("--text")
    source.add_argument("--file", help="UTF-8 text file, or - for standard input")
    source.add_argument("-", dest="stdin", action="store_true", help="read the article from standard input")
    summ.add_argument("--target", help="deployed model id (default: the latest)")
    summ.add_argument("--max-tokens", type=_positive(), default=512)
    summ.add_argument("--temperature", type=_positive(float, allow_zero=True), default=0.6)
    summ.add_argument("--top-p", type=_positive(float), default=0.9)
    summ.set_defaults(handler=_summarize, stdin=False)

    ev = sub.add_parser("eval", parents=[common], help="ROUGE (Korean-aware) of summaries vs references and baselines")
    ev.add_argument("--data", help="prepared data folder (default: the latest `data prepare`)")
    ev.add_argument("--split", choices=["test", "validation", "train"], default="test")
    ev.add_argument("--limit", type=_positive(), help="first N records only")
    ev.add_argument("--target", help="a deployed model (default: the latest, when one is deployed)")
    ev.add_argument("--model", help="a model folder, generated in this process")
    ev.add_argument("--base-model", help="a base model folder to compare with")
    ev.add_argument("--baseline", choices=["lead", "none"], default="lead", help="lead-3 extractive baseline")
    ev.add_argument("--tokenizer", choices=["auto", "morpheme", "whitespace"], default="auto",
                    help="auto: kiwipiepy morphemes, whitespace if unavailable")
    ev.add_argument("--max-tokens", type=_positive(), default=256)
    ev.set_defaults(handler=_eval)

    res = sub.add_parser("resources", parents=[common], help="everything KoSum created that runs or costs")
    res.set_defaults(handler=_resources)

    doc = sub.add_parser("doctor", parents=[common], help="check the AWS set-up (role, bucket, quotas); creates nothing")
    doc.add_argument("--training-instance-type", default="ml.g5.12xlarge")
    doc.add_argument("--instance-count", type=_positive(), default=1, help="training instances the quota must allow")
    doc.add_argument("--endpoint-instance-type", default="ml.g5.2xlarge")
    doc.set_defaults(handler=_doctor)

    tear = sub.add_parser("teardown", parents=[common], help="stop and delete what KoSum created, in order")
    tear.add_argument("ids", nargs="*", metavar="ID")
    tear.add_argument("--all", action="store_true")
    tear.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    tear.add_argument("--include-s3", action="store_true", help="also delete the S3 artifacts KoSum uploaded")
    tear.set_defaults(handler=_teardown)

    mcp = sub.add_parser("mcp", parents=[common], help="serve every action over MCP on stdio (for coding agents)")
    mcp.add_argument("--plan-ttl-seconds", type=_positive(float), default=600.0,
                     help="how long a plan id of a costly or destructive tool stays approvable (default 600)")
    mcp.set_defaults(handler=_mcp)
    return parser


def _language(chosen: str | None) -> str:
    import os

    if chosen:
        return chosen
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "ko" if locale.lower().startswith("ko") else "en"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    LANGUAGE["value"] = _language(getattr(args, "lang", None))
    try:
        result = args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure becomes one line; the traceback goes to the log only
        code = exit_code_for(exc)
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if code == 1 and not hasattr(exc, "fix"):
            _log_traceback()
            message = t("{error} (details in KOSUM_HOME/logs/cli.log)", error=f"{type(exc).__name__}: {message}")
        print(shown(t("error: {message}", message=message)), file=sys.stderr)
        return code
    if result is not None:
        print(result.to_json() if args.json else shown(result.text))
        if result.data.get("exit_code"):
            return int(result.data["exit_code"])
    return 0


def _log_traceback() -> None:
    try:
        from tools.settings import get_settings

        log = get_settings().path("logs") / "cli.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(traceback.format_exc())
    except Exception:
        pass
