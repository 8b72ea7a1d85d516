VALID_TOKENS = {"Bearer team-a-token": "team-a"}


def lambda_handler(event, context):
    token = (event.get("headers") or {}).get("authorization", "")
    tenant = VALID_TOKENS.get(token)
    return {"isAuthorized": tenant is not None, "context": {"tenant": tenant or ""}}


print(lambda_handler({"headers": {"authorization": "Bearer team-a-token"}}, None))
print(lambda_handler({"headers": {}}, None))
