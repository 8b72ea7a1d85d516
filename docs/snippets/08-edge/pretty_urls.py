def lambda_handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    uri = request["uri"]
    if uri.endswith("/"):
        request["uri"] = uri + "index.html"
    elif "." not in uri.rsplit("/", 1)[-1]:
        request["uri"] = uri + "/index.html"
    return request


def viewer_request(uri):
    return {"Records": [{"cf": {"config": {"eventType": "viewer-request"},
                                "request": {"uri": uri, "method": "GET", "headers": {}}}}]}


for path in ["/", "/docs/", "/docs/intro", "/logo.png"]:
    print(path, "->", lambda_handler(viewer_request(path), None)["uri"])
