"""Prices with bulk discounts."""


def price_for(unit_price, count):
    if count >= 100:
        discount = 0.2
    elif count >= 10:
        discount = 0.1
    else:
        discount = 0.0
    total = unit_price * count * (1 - discount)
    return round(total, 2)


def describe(count):
    match count:
        case 0:
            return "none"
        case 1:
            return "one"
        case _:
            return "many"
