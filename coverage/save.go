package coverage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
)

// SaveData writes data (a run's, or an import's) to the data file
// dataPath (taken from the working directory wd), adding it to the data
// there when appending, and then rewriting paths with remap
// (relative_files) if it is not nil. The data file is locked from reading
// to replacing, so that runs appending at once all keep their data, and a
// run that replaces it does so before or after them, not in between.
func SaveData(ctx context.Context, dataPath, wd string, data *Data, appendData bool, remap *PathAliases) error {
	if !filepath.IsAbs(dataPath) {
		dataPath = filepath.Join(wd, dataPath)
	}
	unlock, err := LockData(ctx, dataPath)
	if err != nil {
		return err
	}
	defer unlock()
	if appendData {
		old, err := ReadData(dataPath, wd)
		if err != nil && !errors.Is(err, ErrNoData) {
			return err // never replace data we could not read
		}
		c := NewCombiner(old, nil)
		if err := c.Add("this run", data); err != nil {
			return fmt.Errorf("cannot append to %s: %w", dataPath, err)
		}
		data = c.Data()
	}
	if remap != nil {
		data.Remap(remap)
	}
	return WriteData(dataPath, data)
}
