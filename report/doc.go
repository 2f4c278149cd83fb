// Package report has one writer per output format. Every writer formats the
// same analysed coverage.Report; none computes coverage itself.
package report
