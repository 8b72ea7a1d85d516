def matches(pattern, event):
    for field, expected in pattern.items():
        value = event.get(field)
        if isinstance(expected, dict):
            if not isinstance(value, dict) or not matches(expected, value):
                return False
        elif value not in expected:
            return False
    return True


rule = {"source": ["com.shop.orders"], "detail-type": ["OrderPlaced"],
        "detail": {"country": ["DE", "FR"]}}

placed_de = {"source": "com.shop.orders", "detail-type": "OrderPlaced", "detail": {"country": "DE"}}
placed_us = {"source": "com.shop.orders", "detail-type": "OrderPlaced", "detail": {"country": "US"}}
print(matches(rule, placed_de), matches(rule, placed_us))
