import sys

try:
    import json

    def loads(s):
        return json.loads(s)
except ImportError:
    def loads(s):
        return None
else:
    def dumps(x):
        return str(x)
finally:
    def closing():
        return 0


if sys.version_info >= (3, 0):
    def pick(x):
        return x
else:
    def pick(x):
        return -x


match len(sys.argv):
    case 1:
        def only():
            return 1
    case _:
        def only():
            return 2


class Box:
    @property
    def size(self):
        return 1

    @size.setter
    def size(self, value):
        self.v = value

    def run(self):
        def inner():
            return 3
        return inner()


print(loads("1"), dumps(2), closing(), pick(3), only(), Box().run())
b = Box()
b.size = 4
