package engagement

import (
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
	"ben/hooks/organisations"
	"ben/hooks/privacy"
)

// confirmInterest tells the citizen that the club got their answer, once
// the answer is stored.
func confirmInterest(e *core.RecordRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	letter := mailer.InterestReceived{
		Name:            e.Record.GetString("name"),
		Guest:           e.Record.GetString("user") == "",
		RetentionMonths: privacy.RetentionMonths(e.App),
	}
	if opp, err := e.App.FindRecordById(Opportunities, e.Record.GetString("opportunity")); err == nil {
		letter.Opportunity = opp.GetString("title")
		if org, err := e.App.FindRecordById(organisations.Collection, opp.GetString("organisation")); err == nil {
			letter.Organisation = org.GetString("name")
		}
	}
	mailer.AfterCommit(e.App, mailer.Mail{To: e.Record.GetString("email"), About: Interests + "/" + e.Record.Id, Letter: letter})
	return nil
}

// confirmEnquiry tells the citizen that the office got the enquiry (the
// office hears of it from hooks/office).
func confirmEnquiry(e *core.RecordRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	about := Enquiries + "/" + e.Record.Id
	mailer.AfterCommit(e.App,
		mailer.Mail{To: e.Record.GetString("email"), About: about, Letter: mailer.EnquiryReceived{
			Name:            e.Record.GetString("name"),
			Guest:           e.Record.GetString("user") == "",
			RetentionMonths: privacy.RetentionMonths(e.App),
		}},
	)
	return nil
}
