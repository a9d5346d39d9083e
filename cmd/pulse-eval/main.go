// Command pulse-eval measures Pulse against the development data in
// ../shared/data. Each measurement is a subcommand in a file of its own
// ("pulse-eval extract"); a new one adds itself to rootCmd in its init.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

var rootCmd = &cobra.Command{
	Use:           "pulse-eval",
	Short:         "Score Pulse on the development data in ../shared/data",
	SilenceUsage:  true,
	SilenceErrors: true,
}

func main() {
	if err := rootCmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "pulse-eval:", err)
		os.Exit(1)
	}
}
