package search

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Command is `ben search rebuild`: it writes the whole index anew from the
// records, e.g. after records were imported into the database directly.
func Command(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "search", Short: "Volltextsuche verwalten"}
	cmd.AddCommand(&cobra.Command{
		Use:   "rebuild",
		Short: "Baut den Suchindex aus allen Datensätzen neu auf",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			err := Rebuild(app, func(collection string, count int) {
				cmd.Printf("  %s: %d Einträge\n", collection, count)
			})
			if err != nil {
				return err
			}
			cmd.Println("Suchindex neu aufgebaut.")
			return nil
		},
	})
	return cmd
}
