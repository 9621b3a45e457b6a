"""The workshop's exact prompts and chat template: training, serving and evaluation all use these."""

SYSTEM_PROMPT = (
    "You are an AI assistant specialized in news articles."
    "Your role is to provide accurate summaries and insights in Korean. "
    "Please analyze the given text and provide concise, informative summaries that highlight the key goals and findings."
)
USER_PREFIX = "Please summarize the goals for journalist in this text:\n\n"

# Anthropic-like turns, so no new special tokens need training. `{% generation %}` marks the assistant text so
# tokenizers can return an assistant mask; it renders nothing.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ message['content'] }}"
    "{% elif message['role'] == 'user' %}{{ '\n\nHuman: ' + message['content'] + eos_token }}"
    "{% elif message['role'] == 'assistant' %}{{ '\n\nAssistant: ' }}"
    "{% generation %}{{ message['content'] + eos_token }}{% endgeneration %}"
    "{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '\n\nAssistant: ' }}{% endif %}"
)


def build_messages(document: str, summary: str | None = None) -> list[dict[str, str]]:
    """System + user turn for `document`; with `summary`, the assistant turn too (a training record)."""
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": USER_PREFIX + document},
    ]
    if summary is not None:
        messages.append({"role": "assistant", "content": summary})
    return messages
