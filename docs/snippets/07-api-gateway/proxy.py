import json

USERS = {"42": {"id": "42", "name": "Ada"}}


def respond(status, body):
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body),
    }


def lambda_handler(event, context):
    method = event["requestContext"]["http"]["method"]
    user_id = (event.get("pathParameters") or {}).get("id")
    if method != "GET":
        return respond(405, {"error": "method not allowed"})
    user = USERS.get(user_id)
    if user is None:
        return respond(404, {"error": f"no user {user_id}"})
    return respond(200, user)


def request(method, user_id):
    return {"version": "2.0", "routeKey": "GET /users/{id}", "rawPath": f"/users/{user_id}",
            "requestContext": {"http": {"method": method, "path": f"/users/{user_id}"}},
            "pathParameters": {"id": user_id}}


print(lambda_handler(request("GET", "42"), None))
print(lambda_handler(request("GET", "7"), None)["statusCode"])
print(lambda_handler(request("DELETE", "42"), None)["statusCode"])
