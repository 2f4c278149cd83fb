import json, re, sys
for name, rx in json.load(sys.stdin):
    try:
        re.compile(rx)
    except re.error as e:
        print(json.dumps([name, rx, str(e)]))
        break
