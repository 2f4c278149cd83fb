def first(): return 1
def second(a,
           b):
    return a if a else b
