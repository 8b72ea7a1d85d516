loads = 0


def load_price_table():
    global loads
    loads += 1
    return {"basic": 5, "pro": 20}


PRICES = load_price_table()
invocations_here = 0


def lambda_handler(event, context):
    global invocations_here
    invocations_here += 1
    return {
        "price": PRICES[event["plan"]],
        "cold": invocations_here == 1,
        "table_loads": loads,
    }


print(lambda_handler({"plan": "basic"}, None))
print(lambda_handler({"plan": "pro"}, None))
