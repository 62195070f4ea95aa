"""A small validator of JSON answers against the OpenAPI 3.1 schema the API publishes: the
part of JSON Schema that django-ninja and pydantic write (type, properties, required, items,
anyOf, $ref, additionalProperties, format date/date-time, minimum/maximum, enum)."""

import datetime
from decimal import Decimal, InvalidOperation

TYPES = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
    "null": lambda value: value is None,
}


def _format_errors(schema: dict, value, where: str) -> list[str]:
    parse = {
        "date": datetime.date.fromisoformat,
        "date-time": lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00")),
    }.get(schema.get("format"))
    if parse is None or not isinstance(value, str):
        return []
    try:
        parse(value)
    except ValueError:
        return [f"{where}: {value!r} is not a {schema['format']}"]
    return []


def errors(document: dict, schema: dict, value, where: str = "$") -> list[str]:
    """Every way `value` breaks `schema` (within the OpenAPI `document`), as readable lines."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return errors(document, document["components"]["schemas"][name], value, where)
    if "anyOf" in schema:
        found = [errors(document, option, value, where) for option in schema["anyOf"]]
        return [] if any(not problems for problems in found) else found[0]
    kind = schema.get("type")
    if kind and not TYPES[kind](value):
        return [f"{where}: {value!r} is not of type {kind}"]
    problems = _format_errors(schema, value, where)
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: {value!r} below {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{where}: {value!r} above {schema['maximum']}")
    if kind == "array":
        for index, item in enumerate(value):
            problems += errors(document, schema.get("items", {}), item, f"{where}[{index}]")
    if kind == "object":
        problems += _object_errors(document, schema, value, where)
    return problems


def _object_errors(document: dict, schema: dict, value: dict, where: str) -> list[str]:
    properties = schema.get("properties", {})
    missing = [name for name in schema.get("required", []) if name not in value]
    problems = [f"{where}: {name!r} is required" for name in missing]
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            problems += errors(document, properties[name], item, f"{where}.{name}")
        elif extra is False:
            problems.append(f"{where}: {name!r} is not in the schema")
        elif isinstance(extra, dict):
            problems += errors(document, extra, item, f"{where}.{name}")
    return problems


def response_errors(document: dict, path: str, status: int, body) -> list[str]:
    """Check `body`, answered with `status` for GET `path` (a template from the schema's
    paths, e.g. /api/v1/descriptions/{pk}), against the schema of that answer."""
    operation = document["paths"][path]["get"]
    answer = operation["responses"].get(str(status))
    if answer is None:
        return [f"{path}: status {status} is not documented"]
    content = answer.get("content", {}).get("application/json")
    if content is None:
        return [] if body is None else [f"{path}: {status} has no body in the schema"]
    return errors(document, content["schema"], body)


def is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True
