"""A toy checkpoint-and-replay engine: how durable functions survive restarts."""


class Suspend(Exception):
    """Raised to end this invocation; the workflow resumes in a later one."""


class ToyDurableContext:
    """Records each completed step's result; on replay, returns it instead of re-running."""

    def __init__(self, checkpoints):
        self.checkpoints = checkpoints
        self.position = 0

    def step(self, name, work):
        """Run ``work()`` once, ever; later replays return the stored result."""
        key = f"{self.position}:{name}"
        self.position += 1
        if key not in self.checkpoints:
            self.checkpoints[key] = work()
        return self.checkpoints[key]

    def wait_for_approval(self, name, approvals):
        """Suspend the execution until ``approvals`` holds a decision for ``name``."""
        decision = approvals.get(name)
        if decision is None:
            raise Suspend(name)
        return self.step(name, lambda: decision)


def run(workflow, event, checkpoints, approvals):
    """Invoke ``workflow`` from the top; return its result or "suspended"."""
    try:
        return workflow(event, ToyDurableContext(checkpoints), approvals)
    except Suspend:
        return "suspended"


if __name__ == "__main__":
    charges = []

    def refund_workflow(event, ctx, approvals):
        amount = ctx.step("quote", lambda: event["amount"])
        ctx.wait_for_approval("manager", approvals)
        return ctx.step("pay", lambda: charges.append(amount) or f"refunded {amount}")

    log, approvals = {}, {}
    print(run(refund_workflow, {"amount": 40}, log, approvals))
    approvals["manager"] = "yes"
    print(run(refund_workflow, {"amount": 40}, log, approvals))
    print(run(refund_workflow, {"amount": 40}, log, approvals), "charges:", charges)
