from contextlib import nullcontext


def deep(x):
    with nullcontext():
        with nullcontext():
            with nullcontext():
                if x:
                    y = 1
    return 2


deep(0)
