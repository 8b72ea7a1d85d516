import os

TABLE = os.environ.get("TABLE_NAME", "orders-dev")
BATCH_LIMIT = int(os.environ.get("BATCH_LIMIT", "25"))
DEBUG = os.environ.get("DEBUG", "false").lower() == "true"


def lambda_handler(event, context):
    items = event.get("items", [])
    accepted = items[:BATCH_LIMIT]
    return {
        "table": TABLE,
        "accepted": len(accepted),
        "rejected": len(items) - len(accepted),
        "debug": DEBUG,
    }


print(lambda_handler({"items": list(range(30))}, None))
