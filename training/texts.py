"""Sentences for people, marked for the message catalog: `t("Prepared {source} → {out}", source=..., out=...)` is
the English sentence (the catalog's source language); assistant/messages.py shows any line written this way in the
user's language by matching it to its template, values (names, paths, numbers) kept as they are."""


def t(template: str, **values: object) -> str:
    return template.format(**values)
