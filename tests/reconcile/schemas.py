"""The JSON schemas of the Reconciliation Service API 0.2 (https://reconciliation-api.github.io/specs/0.2/), written
for these tests from the specification's text and its schemas/*.json: the same required members and value types,
with the `type.json` reference written out in place (no network at test time)."""

from __future__ import annotations

from typing import Any

STRING: dict[str, Any] = {"type": "string"}
TYPE: dict[str, Any] = {
    "type": "object",
    "properties": {"id": STRING, "name": STRING, "description": STRING, "broader": {"type": "array"}},
    "required": ["id", "name"],
}
TYPE_REF: dict[str, Any] = {"oneOf": [{"type": "object", "properties": {"id": STRING, "name": STRING}, "required": ["id"]}, STRING]}
TEMPLATE: dict[str, Any] = {"type": "string", "pattern": ".*\\{\\{id\\}\\}.*"}
SERVICE: dict[str, Any] = {"type": "object", "properties": {"service_url": STRING, "service_path": STRING}}

MANIFEST: dict[str, Any] = {
    "type": "object",
    "properties": {
        "versions": {"type": "array", "items": STRING, "contains": {"enum": ["0.2"]}},
        "name": STRING,
        "identifierSpace": STRING,
        "schemaSpace": STRING,
        "documentation": STRING,
        "serviceVersion": STRING,
        "view": {"type": "object", "properties": {"url": TEMPLATE}, "required": ["url"]},
        "defaultTypes": {"type": "array", "items": TYPE, "uniqueItems": True},
        "suggest": {"type": "object", "properties": {"entity": SERVICE, "property": SERVICE, "type": SERVICE}},
        "preview": {
            "type": "object",
            "properties": {"url": TEMPLATE, "width": {"type": "integer"}, "height": {"type": "integer"}},
            "required": ["url", "width", "height"],
        },
        "extend": {"type": "object", "properties": {"propose_properties": SERVICE, "property_settings": {"type": "array"}}},
    },
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
}

RESULT_BATCH: dict[str, Any] = {
    "type": "object",
    "patternProperties": {
        "^.*$": {
            "type": "object",
            "properties": {
                "result": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": STRING,
                            "name": STRING,
                            "description": STRING,
                            "score": {"type": "number"},
                            "match": {"type": "boolean"},
                            "type": {"type": "array", "items": TYPE_REF},
                        },
                        "required": ["id", "name", "score"],
                    },
                }
            },
            "required": ["result"],
        }
    },
}

SUGGEST_ENTITIES: dict[str, Any] = {
    "type": "object",
    "properties": {
        "result": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": STRING, "name": STRING, "description": STRING, "notable": {"type": "array", "items": TYPE_REF}},
                "required": ["id", "name"],
            },
        }
    },
    "required": ["result"],
}
SUGGEST_TYPES: dict[str, Any] = {"type": "object", "properties": {"result": {"type": "array", "items": TYPE}}, "required": ["result"]}
SUGGEST_PROPERTIES: dict[str, Any] = {
    "type": "object",
    "properties": {
        "result": {
            "type": "array",
            "items": {"type": "object", "properties": {"id": STRING, "name": STRING, "description": STRING}, "required": ["id", "name"]},
        }
    },
    "required": ["result"],
}
# The answer of propose_properties (the specification's examples/data-extension-metadata).
PROPOSED_PROPERTIES: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": STRING,
        "properties": {
            "type": "array",
            "items": {"type": "object", "properties": {"id": STRING, "name": STRING}, "required": ["id", "name"]},
        },
    },
    "required": ["properties"],
}
EXTEND_VALUE: dict[str, Any] = {
    "oneOf": [
        {"type": "object", "additionalProperties": False},
        {
            "type": "object",
            "properties": {"id": STRING, "name": STRING, "description": STRING},
            "required": ["id", "name"],
            "additionalProperties": False,
        },
        {"type": "object", "properties": {"str": STRING}, "required": ["str"], "additionalProperties": False},
        {"type": "object", "properties": {"float": {"type": "number"}}, "required": ["float"], "additionalProperties": False},
        {"type": "object", "properties": {"int": {"type": "integer"}}, "required": ["int"], "additionalProperties": False},
        {"type": "object", "properties": {"date": STRING}, "required": ["date"], "additionalProperties": False},
    ]
}
EXTEND_RESPONSE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "meta": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": STRING, "name": STRING, "type": {"type": "object", "required": ["id"]}},
                "required": ["id", "name"],
            },
        },
        "rows": {
            "type": "object",
            "patternProperties": {".*": {"type": "object", "patternProperties": {".*": {"type": "array", "items": EXTEND_VALUE}}}},
        },
    },
    "required": ["rows", "meta"],
}
