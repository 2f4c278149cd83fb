import os, site, sys
print(os.path.realpath(os.path.dirname(os.__file__)))
for p in site.getsitepackages() + [site.getusersitepackages()]:
    print(os.path.realpath(p))
for p in sys.path:
    if p and ("site-packages" in p or "dist-packages" in p):
        print(os.path.realpath(p))
