SECURITY_HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def lambda_handler(event, context):
    response = event["Records"][0]["cf"]["response"]
    for name, value in SECURITY_HEADERS.items():
        response["headers"][name] = [{"key": name.title(), "value": value}]
    return response


origin_response = {"Records": [{"cf": {
    "config": {"eventType": "origin-response"},
    "response": {"status": "200", "headers": {
        "content-type": [{"key": "Content-Type", "value": "text/html"}]}},
}}]}
result = lambda_handler(origin_response, None)
print(result["status"], sorted(result["headers"]))
