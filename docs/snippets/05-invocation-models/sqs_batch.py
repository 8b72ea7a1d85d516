import json

already_done = set()
charges = []


def charge_once(order_id, amount):
    if order_id in already_done:
        return False
    charges.append((order_id, amount))
    already_done.add(order_id)
    return True


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            charge_once(order["order_id"], order["amount"])
        except (ValueError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


batch = {"Records": [
    {"messageId": "m-1", "body": json.dumps({"order_id": "o-1", "amount": 30})},
    {"messageId": "m-2", "body": "not json"},
    {"messageId": "m-3", "body": json.dumps({"order_id": "o-3", "amount": 12})},
]}
print(lambda_handler(batch, None))
print(lambda_handler(batch, None))
print(charges)
