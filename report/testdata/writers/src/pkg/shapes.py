"""Shapes: a class with properties, a nested function, pragmas."""
import functools


def risky(x):
    if x < 0:
        raise ValueError(x)
    return x


class Square:
    def __init__(self, side):
        self._side = side

    @property
    def side(self):
        return self._side

    @side.setter
    def side(self, value):
        if risky(value):  # raises for negative values, never false here
            self._side = value

    @functools.cache
    def area(self,
             scale=1):
        def squared(v):
            return v * v
        return squared(self._side) * scale

    def unused(self):
        return None


def check(values):
    for v in values:  # pragma: no branch
        if v > 100:
            return v
    if not values:  # pragma: no branch
        return None
    return 0


def parse(text):
    if int(text) > 0:  # raises: only ever called with "x"
        return 1
    return 0


sq = Square(2)
sq.side = 3
try:
    sq.side = -1
except ValueError:
    pass
try:
    parse("x")
except ValueError:
    pass
print(sq.side, sq.area())
print(check([1, 200]))
