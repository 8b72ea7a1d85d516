"""Review a VPC configuration for a Lambda function before you deploy it."""

AWS_SERVICES_WITH_GATEWAY_ENDPOINTS = {"s3", "dynamodb"}


def review_vpc_config(subnets, needs, endpoints=()):
    """Return a list of findings for a function attached to ``subnets``.

    ``subnets`` is a list of dicts with ``id``, ``az`` and ``default_route``
    ("nat", "igw" or None). ``needs`` names what the code calls: "internet" or
    AWS services such as "s3". ``endpoints`` lists VPC endpoints that exist.
    """
    findings = []
    zones = {subnet["az"] for subnet in subnets}
    if len(zones) < 2:
        findings.append("Only one Availability Zone: add a subnet in a second AZ.")
    for subnet in subnets:
        if subnet["default_route"] == "igw":
            findings.append(
                f"{subnet['id']} is public: Lambda gets no public IP there, "
                "so use private subnets with a NAT gateway route."
            )
    has_nat = all(subnet["default_route"] == "nat" for subnet in subnets)
    if "internet" in needs and not has_nat:
        findings.append("The code calls the internet but not every subnet routes to a NAT gateway.")
    for service in sorted(set(needs) - {"internet"}):
        if service not in endpoints and not has_nat:
            kind = "gateway" if service in AWS_SERVICES_WITH_GATEWAY_ENDPOINTS else "interface"
            findings.append(f"No path to {service}: add a {kind} VPC endpoint or a NAT route.")
    return findings


if __name__ == "__main__":
    print(review_vpc_config(
        [{"id": "subnet-a", "az": "eu-west-1a", "default_route": None}],
        needs=["dynamodb", "internet"],
    ))
