"""Read a secret through the AWS Parameters and Secrets Lambda Extension."""

import json
import os
import urllib.parse
import urllib.request

EXTENSION_PORT = os.environ.get("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773")


def secret_url(secret_id):
    """The extension's local endpoint for one secret."""
    query = urllib.parse.urlencode({"secretId": secret_id})
    return f"http://localhost:{EXTENSION_PORT}/secretsmanager/get?{query}"


def get_secret(secret_id, opener=urllib.request.urlopen):
    """Return the secret string; the extension caches it, so rotation shows up after its TTL."""
    request = urllib.request.Request(
        secret_url(secret_id),
        headers={"X-Aws-Parameters-Secrets-Token": os.environ["AWS_SESSION_TOKEN"]},
    )
    with opener(request) as response:
        return json.loads(response.read())["SecretString"]


def handler(event, context, opener=urllib.request.urlopen):
    """Use the database password without ever logging or returning it."""
    password = get_secret(os.environ["DB_SECRET_ID"], opener)
    return {"connected": bool(password)}
