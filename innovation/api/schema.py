"""OpenAPI schema extensions for /api/v1/ (imported by ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme

from .filtering import BoundedDjangoFilterExtension  # noqa: F401  (an extension registers itself)


class ChineseSessionScheme(SessionScheme):
    target_class = "innovation.api.authentication.SessionAuthentication"


# ---------------------------------------------------------------- postprocessing hooks

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "错误的原因（中文）：`detail` 为总的说明；校验错误时以字段名为键，值为该字段的错误说明列表"
        "（嵌套字段为对象或列表）。"
    ),
    "properties": {"detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
    "additionalProperties": {},
}
ERROR_RESPONSES = {
    "400": "请求有误（参数、请求体或业务规则），原因见响应",
    "401": "未提供或无效的身份认证信息",
    "403": "无权执行此操作",
    "404": "未找到，或不在您的权限范围内",
}
WRITE_ERROR_RESPONSES = {"415": "不支持的请求媒体类型（请使用 application/json）"}


def document_errors(result, generator, request, public):
    """Every operation says what its refusals look like: the same JSON object with a Chinese
    reason (innovation.api.exceptions), for 400/401/403/404, and 415 where it takes a body."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            errors = dict(ERROR_RESPONSES)
            if "requestBody" in operation:
                errors.update(WRITE_ERROR_RESPONSES)
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result


def untitle_parameters(result, generator, request, public):
    """Parameter schemas carry no `title` (it repeats the description): generators name an inline
    enum after it, and two parameters titled alike (`state` and `studio_status`, both 状态) made
    openapi-python-client skip the whole operation. Without it, enums are named after their
    parameter, which is unique within an operation."""
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                for parameter in operation.get("parameters", []):
                    parameter.get("schema", {}).pop("title", None)
    return result
