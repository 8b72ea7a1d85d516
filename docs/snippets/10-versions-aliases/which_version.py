"""Report which alias and which version served an invocation."""


def handler(event, context):
    """Return the qualifier the caller used and the version that actually ran."""
    arn_parts = context.invoked_function_arn.split(":")
    qualifier = arn_parts[7] if len(arn_parts) == 8 else "$LATEST"
    return {
        "called_as": qualifier,
        "ran_version": context.function_version,
    }
