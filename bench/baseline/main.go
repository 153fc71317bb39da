// Command baseline is the benchmark's yardstick: plain PocketBase with BEN's
// migrations (the same schema, API rules and seed data) but none of BEN's
// hooks, routes, JS hooks or portal. The difference between BEN and this
// server is what BEN's own code costs.
//
// --pprof 127.0.0.1:6061 serves net/http/pprof on a second listener, for
// profiling under load; it exists only in the benchmark binaries.
package main

import (
	"log"
	"os"

	"github.com/pocketbase/pocketbase"

	"ben/bench/profiling"
	_ "ben/migrations"
)

func main() {
	app := pocketbase.New()

	var pprofAddr string
	app.RootCmd.PersistentFlags().StringVar(&pprofAddr, "pprof", "",
		"serve net/http/pprof at this address (127.0.0.1 only), for profiling under load")
	_ = app.RootCmd.ParseFlags(os.Args[1:])
	if err := profiling.Serve(pprofAddr); err != nil {
		log.Fatal(err)
	}

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
