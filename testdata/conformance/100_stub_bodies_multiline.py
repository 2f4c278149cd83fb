from typing import Protocol


class Store(Protocol):
    def get(
        self,
        key: str,
    ) -> dict[
        str, int
    ]: ...

    def put(
        self, key: str, value: int
    ) -> None: ...

    async def close(
        self,
    ) -> list[int]: ...


class Memory:
    def get(self, key):
        return {key: 1}


def items(
    store: Store,
) -> list[
    int
]: ...


print(Memory().get("a"))
