package report

import (
	"embed"
	"html/template"
	"strings"
	"sync"
)

// The HTML report's templates, stylesheet and script live in html_assets/
// and are compiled into pycov.
//
//go:embed html_assets
var htmlAssetFS embed.FS

// htmlTemplates parses the page templates once, when the first report is
// written.
var htmlTemplates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("").ParseFS(htmlAssetFS, "html_assets/*.tmpl")
})

// sharedAssets are the two files every page loads.
type sharedAssets struct {
	css, js []byte
}

// htmlAssets builds the shared files: the stylesheet (the report's own,
// then the syntax colours of both themes) and the script.
var htmlAssets = sync.OnceValues(func() (sharedAssets, error) {
	base, err := htmlAssetFS.ReadFile("html_assets/pycov.css")
	if err != nil {
		return sharedAssets{}, err
	}
	js, err := htmlAssetFS.ReadFile("html_assets/pycov.js")
	if err != nil {
		return sharedAssets{}, err
	}
	tokens, err := htmlAssetFS.ReadFile("html_assets/tokens.css")
	if err != nil {
		return sharedAssets{}, err
	}
	var b strings.Builder
	b.Write(base)
	b.WriteString("\n")
	b.Write(tokens)
	return sharedAssets{css: []byte(b.String()), js: js}, nil
})
