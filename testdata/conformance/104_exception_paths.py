from contextlib import nullcontext, suppress


def swallowed(n):
    with suppress(ValueError):
        try:
            raise ValueError
        finally:
            for i in range(n):
                break
    return n


def after_return(x):
    try:
        return 1
    finally:
        with nullcontext():
            if x:
                y = 2


def guard(a, b):
    match a:
        case 0:
            v = 1
        case n if a > b:
            v = 2


def reraised(n):
    try:
        raise KeyError(n)
    finally:
        for i in range(n):
            pass


swallowed(0)
swallowed(1)
after_return(1)
guard(0, 0)
guard(1, 2)
for n in (0, 2):
    try:
        reraised(n)
    except KeyError:
        pass
