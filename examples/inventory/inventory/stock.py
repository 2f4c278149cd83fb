"""Items on shelves."""


class OutOfStock(Exception):
    """Raised when more items are taken than the shelf holds."""


class Stock:
    def __init__(self):
        self.items = {}

    def add(self, name, count=1):
        if count <= 0:
            raise ValueError("count must be positive")
        self.items[name] = self.items.get(name, 0) + count

    def take(self, name, count=1):
        have = self.items.get(name, 0)
        if have < count:
            raise OutOfStock(name)
        if have == count:
            del self.items[name]
        else:
            self.items[name] = have - count
        return count

    def report(self):
        lines = []
        for name in sorted(self.items):
            lines.append(f"{name}: {self.items[name]}")
        return "\n".join(lines) or "(empty)"
