"""The offline brain's argument parsers: Korean number words (sino-Korean and native) and English ones are read,
numbers that are not the argument never are, a value that is left out does not count, and a cost-bearing one that is
unclear is reported as unclear."""
from __future__ import annotations

import pytest
import yaml

from assistant import arguments
from assistant.arguments import instances
from tests.conftest import ROOT


@pytest.mark.parametrize("text, count", [
    ("ml.g5.12xlarge 두 대로", 2), ("세 대", 3), ("한대만", 1), ("네 대로 학습", 4), ("열두 대", 12), ("여덟 대", 8),
    ("인스턴스 3개", 3), ("2 nodes", 2), ("four ml.g5.12xlarge instances", 4), ("one instance", 1), ("x4", 4),
    ("2x ml.g5.12xlarge", 2), ("train on 2 ml.g5.12xlarge", 2), ("2대 말고 1대로", 1),
])
def test_instance_count_reads_number_words_and_digits(text: str, count: int) -> None:
    assert arguments.instance_count(text) == arguments.Count(count)


@pytest.mark.parametrize("text", ["ml.g5.12xlarge로 학습", "24GB GPU로 학습", "Llama-3-8B 학습", "2024년 이미지로 학습",
                                  "3시간 학습", "ROUGE-2 보고 학습", "ml.p4d.24xlarge", "A10G 4개짜리 인스턴스"])
def test_numbers_that_are_not_a_count_are_never_one(text: str) -> None:
    assert arguments.instance_count(text) == arguments.Count(None)


@pytest.mark.parametrize("text", ["몇 대로", "두세 대", "2~3대", "several instances", "2 or 3 instances", "17대", "0대",
                                  "2대랑 3대", "2대 아니면 3대"])
def test_vague_or_impossible_counts_are_unclear(text: str) -> None:
    assert arguments.instance_count(text).unclear


@pytest.mark.parametrize("text, steps", [
    ("tiny 모델 100스텝만", 100), ("스텝 50으로요", 50), ("max_steps 500", 500), ("max_steps=30", 30),
    ("이백 스텝", 200), ("오십 스텝", 50), ("천 스텝", 1000), ("백 스텝만 돌려", 100), ("이천오백 스텝", 2500),
    ("1k steps", 1000), ("for 30 steps", 30), ("100스텝 말고 50스텝", 50),
])
def test_steps(text: str, steps: int) -> None:
    assert arguments.max_steps(text) == steps


@pytest.mark.parametrize("text", ["3시간 학습", "8B 학습", "ROUGE-2가 0.3 넘을 때까지", "24GB GPU", "2024년",
                                  "ml.g5.12xlarge 학습", "학습 2번", "1 epoch"])
def test_numbers_that_are_not_steps_are_never_steps(text: str) -> None:
    assert arguments.max_steps(text) is None


@pytest.mark.parametrize("text, limit", [
    ("30개만 평가해봐", 30), ("평가 백 개로", 100), ("200개로", 200), ("20건만", 20), ("스무 개만", 20), ("열 개", 10),
    ("한 개만", 1), ("first 50 records", 50), ("100 samples", 100), ("8B 모델 평가 20건만", 20), ("top 5 articles", 5),
    ("ROUGE-2 기사 20개로", 20), ("리드3 기사랑 비교, 50개", 50), ("A10G 4개로 100건", 100),
])
def test_record_limit(text: str, limit: int) -> None:
    assert arguments.record_limit(text) == limit


@pytest.mark.parametrize("text", ["ROUGE-2 점수", "ROUGE 2 점수", "리드3 비교", "lead-3 baseline", "8B 모델 평가",
                                  "24GB", "루지 점수 2024년 기준", "ml.g5.12xlarge에서 평가"])
def test_numbers_that_are_not_a_limit_are_never_one(text: str) -> None:
    assert arguments.record_limit(text) is None


@pytest.mark.parametrize("text, kind, unclear", [
    ("ml.g5.12xlarge 2대", "ml.g5.12xlarge", False), ("g5.48xlarge 두 대", "ml.g5.48xlarge", False),
    ("g5 12xlarge", "ml.g5.12xlarge", False), ("ml.g5.2xlarge 말고 ml.g5.12xlarge로", "ml.g5.12xlarge", False),
    ("12xlarge 두 대", None, True), ("ml.g5.huge", None, True), ("ml.g5.2xlarge랑 ml.g5.12xlarge", None, True),
    ("ml.g5.2xlarge 아니면 ml.g5.4xlarge로", None, True), ("ml.g5.2xlarge 아니고 ml.g5.4xlarge로", "ml.g5.4xlarge", False),
    ("a large model", None, False), ("ml.g6e.12xlarge", "ml.g6e.12xlarge", False),
    ("ml.g5.6xlarge 두 대", None, True), ("g6.3xlarge", None, True), ("ml.p4d.48xlarge", None, True),  # no such size
    ("ml.g5.99xlarge 말고 ml.g5.48xlarge로", "ml.g5.48xlarge", False),  # the one that does not exist is left out
])
def test_instance_type(text: str, kind: str | None, unclear: bool) -> None:
    assert arguments.instance_type(text) == (kind, unclear)


@pytest.mark.parametrize("text, unknown", [
    ("ml.g5.6xlarge 두 대", ("ml.g5.6xlarge", ["ml.g5.4xlarge", "ml.g5.8xlarge"])),
    ("g5.64xlarge로", ("ml.g5.64xlarge", ["ml.g5.24xlarge", "ml.g5.48xlarge"])),
    ("ml.p4d.48xlarge", ("ml.p4d.48xlarge", ["ml.p4d.24xlarge"])),
    ("g7.12xlarge", ("ml.g7.12xlarge", ["ml.g6.12xlarge", "ml.g5.12xlarge"])),  # no g7 family: the closest spellings
    ("ml.g5.12xlarge 2대", None), ("ml.t3.medium", None), ("ml.c5.9xlarge", None),
])
def test_an_instance_type_that_does_not_exist_is_named_with_the_nearest_real_ones(text: str, unknown) -> None:
    assert arguments.unknown_instance(text) == unknown


def test_every_priced_instance_type_exists() -> None:
    priced = yaml.safe_load((ROOT / "tools" / "prices.yaml").read_text(encoding="utf-8"))["instances"]
    assert sorted(set(priced) - set(instances.KNOWN)) == []


@pytest.mark.parametrize("text, source", [
    ("허깅페이스에 있는 daekeun-ml/naver-news-summarization-ko 로 데이터셋 만들어주세요",
     "daekeun-ml/naver-news-summarization-ko"),
    ("./data/news.jsonl 이 파일로", "./data/news.jsonl"), ("data/train.jsonl로 준비", "data/train.jsonl"),
    ("~/datasets/news 폴더로", "~/datasets/news"), ("/home/me/train.csv", "/home/me/train.csv"),
    ("연습용 샘플 데이터", "sample"), ("use the bundled sample", "sample"), ("샘플 말고 허깅페이스 전체로", None),
    ("허깅페이스 기본 걸로", None),
])
def test_data_source(text: str, source: str | None) -> None:
    assert arguments.data_source(text) == source


@pytest.mark.parametrize("text, preset, unclear", [
    ("tiny로 학습", "tiny", False), ("스몰 모델", "smol", False), ("라마3 8b로", "llama3-8b", False),
    ("8B 말고 tiny로", "tiny", False), ("Llama-3-8B 말고 tiny로 50 steps", "tiny", False), ("tiny랑 smol", None, True),
    ("학습해줘", None, False),
])
def test_preset(text: str, preset: str | None, unclear: bool) -> None:
    assert arguments.preset(text) == (preset, unclear)


@pytest.mark.parametrize("text, where", [
    ("세이지메이커에서 학습", "cloud"), ("ml.g5.12xlarge로", "cloud"), ("로컬에서 학습", "local"),
    ("세이지메이커 말고 로컬에서", "local"), ("AWS 말고 로컬에 띄워줘", "local"), ("local이 아니라 sagemaker에 배포", "cloud"),
    ("세이지메이커에서 학습하지 말고", "local"), ("클라우드는 비싸니까 이 컴퓨터에서", "local"), ("학습해줘", None),
    ("not on sagemaker", "local"), ("run training on sagemaker rather than on my laptop", "cloud"),
    ("deploy to an endpoint instead of locally", "cloud"), ("instead of local training, use sagemaker", "cloud"),
    ("train locally instead of on sagemaker", "local"),
])
def test_place(text: str, where: str | None) -> None:
    assert arguments.place(text) == where


def test_ids() -> None:
    assert arguments.job_id("train-20261205-101010-beef 멈춰") == "train-20261205-101010-beef"
    assert arguments.resource_ids("server-20261205-101010-beef 지워") == (["server-20261205-101010-beef"], False)
    assert arguments.resource_ids("server-20261205-101010-beef 말고 다 지워") == (None, True)  # cannot be planned
    assert arguments.instance_count("train-20261205-101010-beef 상태") == arguments.Count(None)


@pytest.mark.parametrize("text, count", [
    ("타입 ml.g5.12xlarge, 인스턴스 수는 3", 3), ("sagemaker on ml.g5.2xlarge, count: 4", 4), ("instance_count=2", 2),
    ("노드 2", 2), ("instances 5", 5), ("머신 개수는 2", 2), ("number of instances: 6", 6),
])
def test_instance_count_after_a_key_word(text: str, count: int) -> None:
    assert arguments.instance_count(text) == arguments.Count(count)


@pytest.mark.parametrize("text", ["sagemaker training, g5.12xlarge x4. go.", "g5.12xlarge ×4로 세이지메이커 학습",
                                  "sagemaker training on g5.12xlarge*4", "4x g5.12xlarge on sagemaker",
                                  "ml.g5.12xlarge x 4, sagemaker training"])
def test_a_count_beside_the_instance_type_is_the_count(text: str) -> None:
    assert arguments.instance_count(text) == arguments.Count(4)


@pytest.mark.parametrize("text", ["ml.g5.12xlarge 3으로 세이지메이커 학습", "run sagemaker training on g5.12xlarge with 2",
                                  "세이지메이커 학습 g5.2xlarge 4", "sagemaker training, 3 please"])
def test_a_bare_number_no_argument_explains_makes_the_count_unclear(text: str) -> None:
    assert arguments.instance_count(text) == arguments.Count(None, unclear=True)


@pytest.mark.parametrize("text, count", [
    ("세이지메이커에서 학습 한번 돌려줘", None), ("세이지메이커에서 ml.g5.12xlarge 2대로 학습, 300스텝", 2),
    ("sagemaker training for 200 steps", None), ("2024년 데이터로 세이지메이커 학습", None),
])
def test_numbers_an_argument_explains_leave_the_count_clear(text: str, count: int | None) -> None:
    assert arguments.instance_count(text) == arguments.Count(count)


NEWS_KO = "정부가 내년 예산안을 발표했다. 복지 예산이 크게 늘었다. 국방 예산은 소폭 줄었다."
NEWS_EN = "The city council approved a new budget on Monday. Spending on parks will rise. Taxes stay flat."


@pytest.mark.parametrize("head, body", [
    ("3줄로 줄여줘:", NEWS_KO), ("핵심만 뽑아 →", NEWS_KO), ("두 문장으로 간추려 주세요:", NEWS_KO),
    ("짧게 정리 ㄱㄱ 👉", NEWS_KO), ("shorten this:", NEWS_EN), ("give me the gist:", NEWS_EN),
    ("in 2 sentences pls:", NEWS_EN),
])
def test_any_request_before_a_colon_or_an_arrow_is_not_part_of_the_article(head: str, body: str) -> None:
    assert arguments.article(f"{head} {body}") == body


@pytest.mark.parametrize("head, body", [("삼성전자 3분기 실적:", NEWS_KO), ("실적 크게 늘었다:", NEWS_KO),
                                        ("BREAKING:", NEWS_EN)])
def test_a_headline_before_a_colon_stays_in_the_article(head: str, body: str) -> None:
    assert arguments.article(f"{head} {body}") == f"{head} {body}"


@pytest.mark.parametrize("message, ids", [
    ("nightly-ep-7781-b 하나만 내려줘", ["nightly-ep-7781-b"]),
    ("please delete only ep-prod-42-blue and ic-prod-42-blue", ["ep-prod-42-blue", "ic-prod-42-blue"]),
])
def test_an_id_of_another_shape_is_the_teardown_scope_not_everything(message: str, ids: list[str]) -> None:
    from assistant.router import OfflineRouter

    assert OfflineRouter().route(message)[:2] == ("teardown", {"ids": ids, "include_s3": False})


@pytest.mark.parametrize("message, job", [
    ("exp-0301-lr2e4 학습 멈춰줘", "exp-0301-lr2e4"), ("run-1130-smol 어디까지 됐어?", "run-1130-smol"),
    ("llama3-8b 학습 상태", None), ("daekeun-ml/naver-news-2024-ko 로 준비", None),
    ("/data/run-2024-01-05.jsonl 로 학습", None),
])
def test_ids_of_another_shape_are_read_but_presets_hub_ids_and_paths_are_not(message: str, job: str | None) -> None:
    assert arguments.job_id(message) == job
    assert arguments.resource_ids(message) == (([job] if job else None), False)


@pytest.mark.parametrize("message, body", [
    (f"{NEWS_KO}\n위 기사 세 줄로 줄여줘", NEWS_KO), (f"{NEWS_KO} ⬆ 요약좀해쥬", NEWS_KO),
    (f"{NEWS_EN}\n^ summary please", NEWS_EN), (f"{NEWS_EN} -- tl;dr pls thx", NEWS_EN),
])
def test_a_request_after_the_article_is_not_part_of_it(message: str, body: str) -> None:
    assert arguments.article(message) == body


@pytest.mark.parametrize("message, body, tokens", [
    (f"Could you summarize this news story in at most 80 tokens? {NEWS_KO}", NEWS_KO, 80),
    (f"please summarize the text below for me. {NEWS_EN}", NEWS_EN, None),
    (f"다음 기사를 150 토큰 이내로 요약해 주실래요?\n{NEWS_KO}", NEWS_KO, 150),
])
def test_a_first_sentence_that_asks_for_a_summary_is_not_the_article(message: str, body: str,
                                                                     tokens: int | None) -> None:
    from assistant.router import OfflineRouter

    tool, args, _ = OfflineRouter().route(message)
    assert (tool, args["text"], args.get("max_tokens")) == ("summarize", body, tokens)


def test_summary_tokens_are_read_from_the_request_only() -> None:
    assert arguments.summary_tokens("요약해줘, 300토큰 안쪽으로") == 300
    assert arguments.summary_tokens("summarize with max_tokens=64") == 64
    assert arguments.summary_tokens("요약해줘") is None and arguments.summary_tokens("in 9000 tokens") is None


@pytest.mark.parametrize("message", ["Please set up the data. Use the local sample file, my network is down.",
                                     "deploy it here. then evaluate, i'll check later."])
def test_sentences_that_speak_to_the_assistant_are_not_an_article(message: str) -> None:
    assert arguments.article(message) is None


@pytest.mark.parametrize("message", [
    "Evaluate the model. The test split is small so run all of it, it should be quick.",
    "비용 나오는 건 알고 있습니다. 학습은 세이지메이커로 진행해 주시고, 결과 나오면 알려 주세요.",
    "프로젝트 정리 단계입니다. 로컬 서버는 내려 주시고 버킷은 남겨 두세요. " * 3,  # long, and still requests
])
def test_requests_in_several_sentences_or_at_length_are_not_an_article(message: str) -> None:
    assert arguments.article(message) is None


@pytest.mark.parametrize("message", [
    '시민들은 "버스를 늘려 주세요"라고 요구했다. 시는 노선 조정을 검토하겠다고 밝혔다.',  # a request quoted in news
    '"노선을 늘려 주세요." 한 주민은 시청 앞에서 이렇게 말했다. 시는 검토하겠다고 밝혔다.',
    "당사는 오늘 새로운 번역 서비스를 출시했습니다. 이 서비스는 열두 개 언어를 지원합니다. " * 3,  # a formal release
    "구단은 선수 백 명에게 장학금을 주기로 했다. 또 코치진이 매달 학교를 찾아가 지도를 한다.",  # 주다 is "give" here
])
def test_written_prose_is_an_article_whatever_it_quotes(message: str) -> None:
    assert arguments.article(message) == message.strip()


def test_an_id_of_two_parts_needs_a_number_of_three_digits() -> None:
    assert arguments.job_id("run-4821 재개해줘") == "run-4821"
    assert arguments.job_id("rouge-2 점수 보여줘") is None and arguments.job_id("lead-3 기준선") is None
    from assistant.intents import normalize

    assert "local" not in normalize("잡 local-0603 재개")  # an id, not the place: it never sways the intent
    from assistant.router import OfflineRouter

    assert OfflineRouter().route("잡 exp-7730 이어서 돌려 주세요")[:2] == ("resume_job", {"job_id": "exp-7730"})


@pytest.mark.parametrize("message, job", [
    ("local-9b2e 상태 알려줘", "local-9b2e"), ("halt job-12 now", "job-12"), ("run-5 이어서 돌려", "run-5"),
    ("ckpt-a1b2 재개해줘", "ckpt-a1b2"), ("rouge-2 점수", None), ("lead-3 기준선", None), ("llama3-8b 학습 상태", None),
    ("gpt-4o 말고", None), ("kosum-v2 모델", None), ("utf-8 파일", None),
])
def test_an_id_after_a_run_word_or_with_a_hash_is_read(message: str, job: str | None) -> None:
    assert arguments.job_id(message) == job


def test_local_in_an_id_is_not_the_place() -> None:
    assert arguments.place("local-4 결과로 세이지메이커 배포") == "cloud"
    assert arguments.place("local-4 로컬에서 다시") == "local"


@pytest.mark.parametrize("text, context, kind, unclear", [
    ("g5.4xlarge 말고 8xlarge로", None, "ml.g5.8xlarge", False),
    ("   24xlarge로 다시", "ml.g5.48xlarge 한도 초과 24xlarge로 다시", "ml.g5.24xlarge", False),
    ("12xlarge 두 대", None, None, True), ("ml.g5.2xlarge랑 ml.g6.2xlarge 말고 12xlarge", None, None, True),
    ("ml.g5.4xlarge 말고 6xlarge로", None, None, True),  # g5 has no 6xlarge
])
def test_a_size_alone_takes_the_one_family_the_message_names(text: str, context: str | None, kind: str | None,
                                                              unclear: bool) -> None:
    assert arguments.instance_type(text, context) == (kind, unclear)


@pytest.mark.parametrize("message, folder", [
    ("checkpoints/best 로 서빙해줘", "checkpoints/best"), ("outputs/kosum-tiny-0612 폴더로 로컬 배포", "outputs/kosum-tiny-0612"),
    ("serve runs/exp1/merged locally", "runs/exp1/merged"), ("someorg/kosum-model 로컬 배포", None),
])
def test_a_relative_folder_a_run_writes_is_the_model_to_serve(message: str, folder: str | None) -> None:
    assert arguments.model_folder(message) == folder


@pytest.mark.parametrize("message, body", [
    (f"ㅋㅋ 이거도 요약ㄱㄱ {NEWS_KO}", NEWS_KO), (f"ㅇㅋ 다음 기사도 요약해줘 {NEWS_KO}", NEWS_KO),
    (f"tl;dr pls ✨ {NEWS_EN}", NEWS_EN), (f"summarize this 🙏🙏 {NEWS_EN}", NEWS_EN), (f"ok summarize this {NEWS_EN}", NEWS_EN),
    (f"요약 부탁 😊 {NEWS_KO}", NEWS_KO),
])
def test_filler_and_emoji_around_the_request_are_not_the_article(message: str, body: str) -> None:
    assert arguments.article(message) == body


# Round 8: shortened names, the sample named by what carries it, presets named against hints.
@pytest.mark.parametrize("text, kind", [("g5.48xl 두 대", "ml.g5.48xlarge"), ("ml.p4d.24xl로", "ml.p4d.24xlarge"),
                                        ("g5.2xlarge", "ml.g5.2xlarge")])
def test_a_shortened_xlarge_is_read(text: str, kind: str) -> None:
    assert arguments.instance_type(text) == (kind, False)


@pytest.mark.parametrize("text, where", [("sm에서 학습", "cloud"), ("deploy on sm", "cloud"),
                                         ("host it on amazon", "cloud"), ("smol로 학습", None)])
def test_sm_and_amazon_name_the_cloud(text: str, where: str | None) -> None:
    assert arguments.place(text) == where


@pytest.mark.parametrize("text", ["패키지에 포함된 데이터로 준비해줘", "레포에 같이 들어있는 데이터로 전처리해 주세요",
                                  "예시 데이터로 해줘", "use the data that comes with the app"])
def test_data_the_program_carries_is_the_sample(text: str) -> None:
    assert arguments.data_source(text) == "sample"


@pytest.mark.parametrize("text, preset", [
    ("smol로 50스텝만, 그냥 테스트임", "smol"), ("진짜 모델로 작게 돌려줘", "smol"),
    ("use the random stand-in model", "tiny"), ("가짜 가중치 모델로 학습", "tiny"), ("테스트용으로 학습", "tiny"),
])
def test_a_preset_named_outweighs_what_the_run_is_for(text: str, preset: str) -> None:
    assert arguments.preset(text) == (preset, False)


@pytest.mark.parametrize("message", ["finished the eval, rouge-l came out at 0.41. thanks again for the tips!",
                                     "wiped the old endpoint myself. all quiet now. cheers"])
def test_english_notes_without_written_prose_are_not_an_article(message: str) -> None:
    assert arguments.article(message) is None


# round 10: ids in other shapes, each once, and the ones singled out
@pytest.mark.parametrize("text, ids", [
    ("remove kosum-ep-staging and kosum-ic-staging", ["kosum-ep-staging", "kosum-ic-staging"]),
    ("kosum-qwen2-endpoint 지워줘", ["kosum-qwen2-endpoint"]),
    ("kosum-ep-b7c1 지워줘, kosum-ep-b7c1 맞아", ["kosum-ep-b7c1"]),
    ("목록에 kosum-ep-1111, kosum-ic-2222 있었는데 kosum-ic-2222만 지워", ["kosum-ic-2222"]),
    ("there's kosum-ep-aaaa1 and kosum-ic-bbbb2; delete just kosum-ep-aaaa1", ["kosum-ep-aaaa1"]),
    ("kosum-ep-9a9a 하고 kosum-ic-9b9b 만 내려줘", ["kosum-ep-9a9a", "kosum-ic-9b9b"]),
])
def test_resource_ids_other_shapes_once_and_singled_out(text: str, ids: list[str]) -> None:
    assert arguments.resource_ids(text) == (ids, False)


def test_hyphenated_english_words_are_no_ids() -> None:
    assert arguments.resource_ids("a state-of-the-art end-to-end setup, clean it all") == (None, False)


@pytest.mark.parametrize("text, steps", [
    ("smol로 150스텝 정도 해줘. 예전에 40스텝은 모자라더라", 150), ("이번엔 스텝을 세 배로 해서 600스텝", 600),
    ("smol로 하되 스텝만 250으로", 250), ("last time 50 steps was not enough, run 400 steps", 400),
    ("저번처럼 120스텝으로 돌려줘", 120),
])
def test_steps_asked_for_now(text: str, steps: int) -> None:
    assert arguments.max_steps(text) == steps


@pytest.mark.parametrize("text", ["전체 테스트셋으로 평가해줘, 저번엔 30개만 했었어",
                                  "evaluate on the whole test set; last time we only did 40 records"])
def test_an_earlier_runs_record_count_is_no_limit(text: str) -> None:
    assert arguments.record_limit(text) is None


@pytest.mark.parametrize("text, kind", [
    ("예전에 g5.24xlarge로 했다가 돈 많이 나왔어요. 이번엔 기본 인스턴스로 세이지메이커 학습", None),
    ("previously we used p4d.24xlarge, way too pricey. default instance this time on sagemaker", None),
    ("last time ml.g5.2xlarge was too slow, so this time use ml.g5.12xlarge", "ml.g5.12xlarge"),
    ("어제 학습한 모델 ml.g5.4xlarge로 세이지메이커 배포해줘", "ml.g5.4xlarge"),
])
def test_an_earlier_runs_instance_type_gives_way_to_this_times(text: str, kind: str | None) -> None:
    assert arguments.instance_type(text) == (kind, False)


@pytest.mark.parametrize("text", ["정리해줘. 버킷 데이터는 다음 주에 또 써야 돼서 남겨두고",
                                  "다 내려주세요. S3는 또 쓴다고 지우지 말래요",
                                  "켜진 거 다 꺼줘. 버킷은 나중에 따로 결정할게"])
def test_s3_kept_after_a_reason_or_a_decision_put_off(text: str) -> None:
    assert arguments.include_s3(text) is False


def test_s3_handed_to_the_assistant_is_still_unclear() -> None:
    assert arguments.include_s3("전부 지워줘. s3는 네가 판단해") is None


@pytest.mark.parametrize("text, where", [
    ("Local test went fine. Now put it on SageMaker.", "cloud"),
    ("로컬에서 평가 해봤는데 괜찮네요. 세이지메이커로 배포해주세요", "cloud"),
    ("로컬에 배포해줘", "local"),
])
def test_a_local_step_already_tried_is_not_the_place(text: str, where: str) -> None:
    assert arguments.place(text) == where


@pytest.mark.parametrize("message, body, tokens", [
    ("Please summarize this.\nUnder 90 tokens please.\nThe central bank held its key rate on Thursday. "
     "Officials said inflation had cooled but remained above target.", "The central bank held its key rate on "
     "Thursday. Officials said inflation had cooled but remained above target.", 90),
    ("요약 부탁해요\n최대 150토큰.\n정부는 내년 예산을 3% 늘리기로 했다. 복지 예산 비중이 가장 크게 늘었다.",
     "정부는 내년 예산을 3% 늘리기로 했다. 복지 예산 비중이 가장 크게 늘었다.", 150),
])
def test_a_length_line_under_the_request_is_not_the_article(message: str, body: str, tokens: int) -> None:
    from assistant.router import OfflineRouter

    assert OfflineRouter().route(message) == ("summarize", {"text": body, "max_tokens": tokens}, None)


def test_a_clause_that_names_an_earlier_run_and_this_time_is_read() -> None:
    assert arguments.max_steps("저번에 쓰던 smol로 이번엔 220스텝") == 220


@pytest.mark.parametrize("text", ["전부 정리해줘. 버킷은 당신이 결정", "s3는 그쪽에서 판단하세요", "버킷은 네가 판단해서 지워"])
def test_s3_decided_by_someone_else_is_unclear(text: str) -> None:
    assert arguments.include_s3(text) is None


# Round 11
@pytest.mark.parametrize("text, steps", [("스텝은 400정도?\n아니 600으로", 600), ("스텝… 300? 아니 150이면 될 듯", 150),
                                         ("run 700 steps, no wait, 900 steps", 900), ("스텝 200 아니면 300", None)])
def test_a_number_taken_back_gives_the_later_one(text: str, steps: int | None) -> None:
    assert arguments.max_steps(text) == steps


def test_a_kind_singled_out_picks_its_ids() -> None:
    listing = "목록:\nkosum-sm-0301 (Stopped)\nkosum-ep-0301 (InService)\n"
    assert arguments.resource_ids(listing + "그 중 엔드포인트만 지워줘") == (["kosum-ep-0301"], False)
    assert arguments.resource_ids(listing + "delete only the training job") == (["kosum-sm-0301"], False)
    assert arguments.resource_ids(listing + "ic만 지워") == (None, True)  # none of that kind: asked
    assert arguments.resource_ids("kosum-ep-0302 엔드포인트랑 kosum-ic-0302 컴포넌트만 지워") == (
        ["kosum-ep-0302", "kosum-ic-0302"], False)


def test_a_buckets_name_is_the_s3_scope_not_an_id() -> None:
    assert arguments.resource_ids("전부 정리, S3 버킷(kosum-store-77)도 같이") == (None, False)
    assert arguments.resource_ids("wipe everything incl. bucket kosum-store-78") == (None, False)


def test_two_instance_types_left_open_are_unclear() -> None:
    assert arguments.instance_type("not sure if g5.2xlarge or g5.12xlarge, you pick") == (None, True)
    assert arguments.instance_type("g5.xlarge랑 g5.2xlarge 중 어느 쪽이 나을지 모르겠네") == (None, True)


def test_token_lengths_in_option_lines() -> None:
    assert arguments.summary_tokens("- max_tokens: 90\n위 글 요약") == 90
    assert arguments.summary_tokens("토큰은 120 이하로요") == 120


def test_a_path_ends_before_a_backtick() -> None:
    assert arguments.data_source("`/mnt/data/news.jsonl` 로 준비") == "/mnt/data/news.jsonl"


TABLE = ("$ kosum resources\nENDPOINT   kosum-ep-a1b2    InService   $1.52/h\nIC         kosum-ic-a1b2    InService\n"
         "S3         kosum-data-7781  12.4 GiB\n\n")


def test_a_pasted_tables_bucket_row_is_the_s3_scope_not_an_id() -> None:
    assert arguments.resource_ids(TABLE + "kill the endpoint + IC.") == (["kosum-ep-a1b2", "kosum-ic-a1b2"], False)
    from assistant.router import OfflineRouter

    assert OfflineRouter().route(TABLE + "kill the endpoint + IC. bucket stays.") == (
        "teardown", {"ids": ["kosum-ep-a1b2", "kosum-ic-a1b2"], "include_s3": False}, None)
