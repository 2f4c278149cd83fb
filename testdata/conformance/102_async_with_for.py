import asyncio
from contextlib import nullcontext


async def agen(n):
    for i in range(n):
        yield i


async def group(x):
    async with asyncio.TaskGroup() as tg:
        if x:
            tg.create_task(asyncio.sleep(0))
    return 1


async def after_try(a):
    try:
        async with nullcontext():
            v = 1
        try:
            raise ValueError(a)
        finally:
            await asyncio.sleep(0)
    except ValueError:
        async for i in agen(2):
            if a:
                v = 2
    return a


async def one_line(b):
    if b > 1: await asyncio.sleep(0)
    else: pass


asyncio.run(group(1))
asyncio.run(after_try(0))
asyncio.run(after_try(1))
asyncio.run(one_line(0))
