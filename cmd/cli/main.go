package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
)

// version is set at build time with
// -ldflags "-X github.com/pulsesearch/pulse/cmd/cli.version=…".
var version = "dev"

// Main runs the pulse command line on the process's arguments and
// exits with its status (see run).
func Main() {
	exit((*app).rootCmd)
}

// exit runs the command build returns on the process's arguments and
// standard streams, and exits with its status. An interrupt or SIGTERM
// cancels the command's context.
func exit(build func(*app) *cobra.Command) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(execute(ctx, build, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 for
// success, 1 for a failure (including rejected items), 2 for misuse.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(ctx, (*app).rootCmd, args, stdin, stdout, stderr)
}

// execute runs the command build returns with args and returns the exit
// status as run does. Errors are printed after the command's name.
func execute(ctx context.Context, build func(*app) *cobra.Command, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := build(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	prefix := root.Name() + ":"
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, prefix, err)
		return 2
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintln(stderr, prefix, err)
	}
	if pulse.ErrorCode(err) == pulse.EInvalid {
		return 2
	}
	return 1
}

// errReported is returned when the command has already told the user
// what went wrong and only the exit status remains.
var errReported = errors.New("reported")

type usageError struct{ error }
