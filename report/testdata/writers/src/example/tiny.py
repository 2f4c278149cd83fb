import sys


def classify(n):
    if n > 0:
        return "positive"
    return "non-positive"


result = classify(len(sys.argv))
