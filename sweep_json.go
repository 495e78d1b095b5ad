package shopkit

import "encoding/json"

// MarshalJSON writes the failure for a screen or a log: the entity's ID and
// the cause in the one error form of the kit (ErrorBody, under "error"), not
// encoding/json's empty object for an error value. A failure is a report, so
// it has no decoder.
func (f SweepFailure) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID    string    `json:"id"`
		Error ErrorBody `json:"error"`
	}{f.ID.String(), NewErrorBody(f.Err)})
}
