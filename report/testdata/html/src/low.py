def never():
    return 1


def also_never():
    return 2
