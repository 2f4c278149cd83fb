from contextlib import nullcontext


def count_lines(path):
    n = 0
    with open(path) as f:
        for line in f:
            n += 1
    return n


def if_last(x):
    with nullcontext():
        if x:
            y = 1
    return 2


def while_last(n):
    with nullcontext():
        while n:
            n -= 1


def nested(x):
    with (
        nullcontext() as a,
        nullcontext() as b,
    ):
        with nullcontext():
            if x:
                y = 1
    z = 2


def loop(xs):
    for x in xs:
        with nullcontext():
            if x == 1:
                continue
            if x == 3:
                break
            if x == 4: break
    return 0


def unused(x):
    with nullcontext():
        if x:
            return 1


count_lines(__file__)
if_last(0)
if_last(1)
while_last(2)
nested(1)
loop([1, 2, 3])
