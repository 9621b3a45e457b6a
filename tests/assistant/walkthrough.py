"""The messages the browser walkthrough types (tests/assistant/test_browser.py) and the tool each must reach: none of
them is in assistant/phrases.yaml or the phrase sets. tests/assistant/test_router.py routes them in a second, so a
brain change that misreads one fails there, not two minutes into a browser run."""
from __future__ import annotations

FREE_FORM_KOREAN = {
    "data": "예제 데이터 좀 준비해 줄래요?",
    "train": "tiny 모델로 훈련 한번 돌려봐",
    "progress": "학습 어디까지 진행됐나요?",
    "deploy": "방금 학습한 모델 로컬로 띄워 줄래?",
    "money": "지금 돈 나가고 있는 거 있어요?",
    "stop_server": "로컬 서버 내려줘",
    "clean": "만든 거 전부 치워줘",
}
ENGLISH = {"data": "sample data please", "money": "what's costing me money right now?"}
TOOLS = {"data": "prepare_data", "train": "start_training", "progress": "job_status", "deploy": "deploy",
         "money": "list_resources", "stop_server": "teardown", "clean": "teardown"}
