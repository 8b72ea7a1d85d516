"""Flag the statements in an IAM policy that break least privilege."""


def _as_list(value):
    return value if isinstance(value, list) else [value]


def policy_findings(policy):
    """Return one message per Allow statement with a wildcard action or resource."""
    findings = []
    for index, statement in enumerate(_as_list(policy["Statement"])):
        if statement.get("Effect") != "Allow":
            continue
        actions = _as_list(statement.get("Action", []))
        resources = _as_list(statement.get("Resource", []))
        if any(action == "*" or action.endswith(":*") for action in actions):
            findings.append(f"Statement {index}: wildcard action {actions}")
        if "*" in resources:
            findings.append(f"Statement {index}: every resource (\"*\")")
    return findings


READ_ONE_TABLE = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Action": ["dynamodb:GetItem", "dynamodb:Query"],
        "Resource": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
    }],
}

if __name__ == "__main__":
    print(policy_findings(READ_ONE_TABLE))
    print(policy_findings({"Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}}))
