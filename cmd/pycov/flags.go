package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
)

// newFlags makes a flag set for a subcommand. Its help goes to stdout
// when asked for (--help, `pycov help NAME`: see helpRequest) and to w
// when the command prints it after a mistake.
func newFlags(name, synopsis string, w io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(w)
	fs.SortFlags = true
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, n string) pflag.NormalizedName {
		if canon, ok := flagAliases[n]; ok {
			return pflag.NormalizedName(canon)
		}
		return pflag.NormalizedName(n)
	})
	fs.Usage = func() { writeHelp(fs.Output(), fs, synopsis) }
	return fs
}

// flagAliases are coverage.py's spellings of pycov's flags: the alias is
// read as the flag it names, so Changed and the value are the flag's.
var flagAliases = map[string]string{
	"parallel-mode": "parallel",
}

// helpRequest is returned by parseFlags for --help: dispatch prints the
// command's help to stdout and exits 0, so `pycov run --help | less`
// shows it.
type helpRequest struct{ fs *pflag.FlagSet }

func (h helpRequest) Error() string { return "help requested" }

// parseFlags parses args. --help returns help = true and a helpRequest
// for dispatch; a mistake names the command and points to its help.
func parseFlags(fs *pflag.FlagSet, args []string) (help bool, err error) {
	usage := fs.Usage
	fs.Usage = func() {} // pflag calls it for --help; dispatch prints it
	err = fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return true, helpRequest{fs}
		}
		return false, flagError(fs, err)
	}
	return false, nil
}

// flagError rewords pflag's error for a user: the command, the flag, the
// nearest flag when it looks like a typo, and where the options are.
func flagError(fs *pflag.FlagSet, err error) error {
	msg := err.Error()
	var nameErr *pflag.NotExistError
	if errors.As(err, &nameErr) {
		name := nameErr.GetSpecifiedName()
		if nameErr.GetSpecifiedShortnames() != "" {
			msg = fmt.Sprintf("unknown option -%s", name)
		} else {
			var known []string
			fs.VisitAll(func(f *pflag.Flag) { known = append(known, "--"+f.Name) })
			msg = fmt.Sprintf("unknown option --%s%s", name, config.Suggest("--"+name, known))
		}
	}
	var valErr *pflag.ValueRequiredError
	if errors.As(err, &valErr) {
		msg = fmt.Sprintf("%s needs a value", flagSpelling(valErr.GetFlag()))
	}
	return usageError("%s: %s; run `pycov %s --help` for its options", fs.Name(), msg, fs.Name())
}

// splitList splits repeatable, comma-separated flag values.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

const defaultDataFile = ".pycov"
