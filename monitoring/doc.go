// Package monitoring is the sys.monitoring side of pycov and its wire
// format: the agent that runs inside every measured Python process
// (agent.py, embedded), how a process gets it (Install, Env, Config), the
// journal the agent writes and its Go reader (Replay, ReadJournal), and the
// journal directory of a run (NewJournalDir, RunInfo), and the proof that
// pycov made a journal directory, without which it never deletes one
// (CheckOwner, RemoveJournals).
//
// The agent is loaded as sitecustomize through PYTHONPATH, so that
// `python prog.py` runs exactly as it would without pycov, and so that every
// child Python process that inherits the environment is measured too; the
// program still sees its own PYTHONPATH (agent.py explains how).
//
// Each process writes its own journal through a shared memory mapping, one
// record per line, as the callbacks run: what a process recorded survives
// its death, however it dies. The reader takes a journal's end where the
// writer stopped: at a zero byte (the mapping's unused tail) or a torn last
// record. A journal is read once no process holds its flock (lock_unix.go);
// pycov run holds its journal directory's.
package monitoring
