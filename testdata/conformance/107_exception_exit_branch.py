def check(x):
    if x.upper():
        return 1


try:
    check(None)
except AttributeError:
    pass
check("a")
