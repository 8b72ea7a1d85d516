"""An order workflow in Amazon States Language, and a check that its transitions exist."""

import json

ORDER_WORKFLOW = {
    "Comment": "Reserve stock and take payment in parallel, then ship or refund.",
    "StartAt": "Validate",
    "States": {
        "Validate": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "validate-order:live", "Payload.$": "$"},
            "Retry": [{
                "ErrorEquals": ["Lambda.TooManyRequestsException", "Lambda.ServiceException"],
                "IntervalSeconds": 2, "MaxAttempts": 4, "BackoffRate": 2.0,
                "MaxDelaySeconds": 20, "JitterStrategy": "FULL",
            }],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Rejected"}],
            "Next": "IsPriority",
        },
        "IsPriority": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.priority", "BooleanEquals": True, "Next": "ReserveAndCharge"}],
            "Default": "WaitForBatch",
        },
        "WaitForBatch": {"Type": "Wait", "Seconds": 300, "Next": "ReserveAndCharge"},
        "ReserveAndCharge": {
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "Reserve", "States": {"Reserve": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "reserve-stock:live", "Payload.$": "$"},
                    "End": True}}},
                {"StartAt": "Charge", "States": {"Charge": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "charge-card:live", "Payload.$": "$"},
                    "End": True}}},
            ],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Shipped",
        },
        "Refund": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "refund:live", "Payload.$": "$"},
            "Next": "Rejected",
        },
        "Shipped": {"Type": "Succeed"},
        "Rejected": {"Type": "Fail", "Error": "OrderRejected", "Cause": "See $.error"},
    },
}


def broken_transitions(machine):
    """Return (state, target) pairs whose Next, Default or Catch target does not exist."""
    names = set(machine["States"])
    broken = []
    for name, state in machine["States"].items():
        targets = [state.get("Next"), state.get("Default")]
        targets += [rule["Next"] for rule in state.get("Choices", [])]
        targets += [rule["Next"] for rule in state.get("Catch", [])]
        broken += [(name, t) for t in targets if t is not None and t not in names]
        for branch in state.get("Branches", []):
            broken += broken_transitions(branch)
    return broken


if __name__ == "__main__":
    print(json.dumps(ORDER_WORKFLOW["States"]["Validate"]["Retry"], indent=2))
    print("broken transitions:", broken_transitions(ORDER_WORKFLOW))
