def f(): return 1
f()


class K: pass


def spin(a):
    k = 0
    while True:
        k += 1
        if k > a:
            break
    else:
        k = 5
    return k


spin(1)
