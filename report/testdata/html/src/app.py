"""A small program for the HTML report's tests."""
import sys

TAG = "</script><script>alert('pwned')</script>"


def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    return "positive"


def total(values):
    s = 0
    for v in values:
        s += v
    return s


def debug():  # pragma: no cover
    print("debugging", file=sys.stderr)


if __name__ == "__main__":
    print(classify(5), total([1, 2]))
