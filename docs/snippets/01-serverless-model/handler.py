import json


def lambda_handler(event, context):
    name = event.get("name", "World")
    return {
        "statusCode": 200,
        "body": json.dumps({
            "message": f"Hello, {name}!",
            "request_id": context.aws_request_id,
            "ms_left": context.get_remaining_time_in_millis(),
        }),
    }


class SampleContext:
    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    function_name = "hello"

    def get_remaining_time_in_millis(self):
        return 2_950


print(lambda_handler({"name": "Ada"}, SampleContext()))
print(lambda_handler({}, SampleContext())["statusCode"])
