"""Arguments read from what people type, before the intent and conservatively: one parser per argument, shared by
every tool (values.py; an evaluation's record limit in limits.py), the job and resource ids a message names
(ids.py), the names people paste (names.py) and which instance types exist (instances.py), number words and the
numbers that are never arguments (numbers.py), what negation and prohibition do to a mention (scope.py; which words
make a clause a request or a prohibition in predicates.py), ids picked
from a quoted list by kind (picked.py) or by what their lines say (rows.py), a form's fields (fields.py), and pasted articles (article.py)."""
from assistant.arguments.article import article
from assistant.arguments.fields import teardown_fields
from assistant.arguments.ids import job_id, pointed, points_at_one, refers_to_listed, resource_ids
from assistant.arguments.limits import record_limit
from assistant.arguments.names import INSTANCE, JOB_ID, RESOURCE_ID
from assistant.arguments.picked import by_kind
from assistant.arguments.rows import picked_ids
from assistant.arguments.asks import asks_to_remove, forbids_only, stops_only_jobs
from assistant.arguments.values import (LATEST_MODEL, Count, data_source, include_s3, instance_count, instance_type,
                                        keeps_resources, kept_instance_types, max_steps, model_folder, place, preset,
                                        summary_tokens, unknown_instance, wait_seconds,
                                        without_instance_types)

__all__ = ["LATEST_MODEL", "INSTANCE", "JOB_ID", "RESOURCE_ID", "Count", "article", "asks_to_remove", "by_kind", "data_source", "forbids_only",
           "include_s3", "instance_count", "instance_type", "job_id", "keeps_resources", "kept_instance_types",
           "max_steps", "model_folder",
           "picked_ids", "place", "pointed", "points_at_one", "preset", "record_limit", "refers_to_listed", "resource_ids", "stops_only_jobs", "summary_tokens", "teardown_fields", "unknown_instance",
           "wait_seconds", "without_instance_types"]
