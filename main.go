// Command ben runs BEN, the Bitburger Engagement Netz: PocketBase with the
// town's collections, rules and portal.
package main

import (
	"embed"
	"io/fs"
	"log"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"ben/hooks"
	"ben/hooks/consolelog"
	"ben/hooks/demo"
	"ben/hooks/mailer"
	"ben/hooks/search"
	"ben/hooks/sqlitedb"
	_ "ben/migrations"
)

//go:embed all:pb_public
var embeddedPortal embed.FS

func main() {
	// dev mode prints SQL statements and mails: without their values
	consolelog.Install()
	// dev mode is chosen with --dev (make run does), never guessed from
	// where the binary lies
	app := pocketbase.NewWithConfig(pocketbase.Config{
		DefaultDev: false,
		// PocketBase's connections, keeping their prepared statements
		DBConnect: sqlitedb.Connect,
	})

	var publicDir, hooksDir string
	var devMails bool
	app.RootCmd.PersistentFlags().StringVar(&publicDir, "publicDir", "",
		"serve the portal from this directory instead of the files built into the binary (for portal development)")
	app.RootCmd.PersistentFlags().StringVar(&hooksDir, "hooksDir", "",
		"the directory with the JS hooks that staff may edit (default: pb_hooks next to the data directory)")
	app.RootCmd.PersistentFlags().BoolVar(&devMails, "devMails", false,
		"development only: keep every mail in pb_data/dev-mails/ instead of sending it, and print its subject and links")
	_ = app.RootCmd.ParseFlags(os.Args[1:])

	jsvm.MustRegister(app, jsvm.Config{HooksDir: hooksDir, HooksWatch: app.IsDev()})
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangGo,
		Dir:          "migrations",
		Automigrate:  app.IsDev(),
	})

	hooks.Register(app, portalFiles(publicDir))
	if devMails {
		mailer.UseDevSink(app, os.Stdout)
	}
	app.RootCmd.AddCommand(demo.Command(app))
	app.RootCmd.AddCommand(search.Command(app))

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

func portalFiles(publicDir string) fs.FS {
	if publicDir != "" {
		return os.DirFS(publicDir)
	}
	sub, err := fs.Sub(embeddedPortal, "pb_public")
	if err != nil {
		panic(err) // the embed directive guarantees the directory
	}
	return sub
}
