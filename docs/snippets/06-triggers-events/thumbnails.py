from urllib.parse import unquote_plus

OUTPUT_PREFIX = "thumbnails/"


def lambda_handler(event, context):
    written = []
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        if key.startswith(OUTPUT_PREFIX):
            continue
        written.append(f"s3://{bucket}/{OUTPUT_PREFIX}{key}")
    return {"written": written}


upload = {"Records": [
    {"eventName": "ObjectCreated:Put",
     "s3": {"bucket": {"name": "photos"}, "object": {"key": "holiday/beach+day.jpg", "size": 48213}}},
    {"eventName": "ObjectCreated:Put",
     "s3": {"bucket": {"name": "photos"}, "object": {"key": "thumbnails/old.jpg", "size": 1204}}},
]}
print(lambda_handler(upload, None))
