import sys
m = getattr(sys, "monitoring", None)
print("executable:", sys.executable)
print("version:", sys.version.replace("\n", " "))
print("sys.monitoring:", "yes" if m else "no")
if m:
    ev = m.events
    print("BRANCH_LEFT/BRANCH_RIGHT:", "yes" if hasattr(ev, "BRANCH_LEFT") else "no (branch coverage needs 3.14)")
    print("tool ids in use:", {i: m.get_tool(i) for i in range(6) if m.get_tool(i)} or "none")
