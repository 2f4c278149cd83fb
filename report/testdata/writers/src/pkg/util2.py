from pkg import util10

if util10.first():
    print(util10.second(0, 2))
