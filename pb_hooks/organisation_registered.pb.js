/// <reference path="../pb_data/types.d.ts" />

// Tells the coordination office by e-mail when a citizen registers a new
// organisation, so that staff can check and publish it.
//
// Staff may adapt the text here without a new release. The office's address
// is BEN_OFFICE_EMAIL or, if that is not set, the sender address from the
// dashboard's mail settings.
onRecordAfterCreateSuccess((e) => {
    e.next()

    if (e.record.getString("status") !== "pending") {
        return
    }

    const settings = $app.settings()
    const office = $os.getenv("BEN_OFFICE_EMAIL") || settings.meta.senderAddress
    const name = e.record.getString("name")
    const url = settings.meta.appURL + "/_/#/collections?collection=organisations&recordId=" + e.record.id

    const message = new MailerMessage({
        from: {
            address: settings.meta.senderAddress,
            name: settings.meta.senderName,
        },
        to: [{ address: office }],
        subject: "Neue Organisation wartet auf Freigabe: " + name,
        text: "Guten Tag,\n\n" +
            "im Bitburger Engagement Netz hat sich eine neue Organisation angemeldet:\n\n" +
            "  " + name + "\n\n" +
            "Bitte prüfen Sie die Angaben und setzen Sie den Status auf „published“, " +
            "damit sie im Portal erscheint:\n" + url + "\n\n" +
            "Diese Nachricht wurde automatisch versandt.",
    })

    try {
        $app.newMailClient().send(message)
    } catch (err) {
        $app.logger().warn("Mail an die Koordinierungsstelle fehlgeschlagen", "organisation", e.record.id, "error", String(err))
    }
}, "organisations")
