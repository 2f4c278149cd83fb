// Package monitoring is the sys.monitoring side of pycov: the agent that runs
// inside the measured Python process (agent.py, embedded), how a process gets
// it (Install and Env), and the journal the agent writes with its Go reader.
//
// The agent is loaded as sitecustomize through PYTHONPATH, so that
// `python prog.py` runs exactly as it would without pycov, and so that every
// child Python process that inherits the environment is measured too.
package monitoring
