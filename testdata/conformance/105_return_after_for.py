def first_big(xs):
    for x in xs:
        if x > 5:
            break
    return xs


first_big([1, 2])
